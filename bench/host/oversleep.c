/*
 * How late Linux wakes a thread from a short sleep, with the timer slack given: the floor under every park of a
 * backing-off agent. Timer slack lets the kernel fire a sleeping thread's timer up to that much late, to batch
 * wake-ups; PromptWakeThreadFactory asks 1 us for a laptop's agent threads.
 *
 *   gcc -O2 -o /tmp/oversleep bench/host/oversleep.c
 *   /tmp/oversleep 20000 50000 1000    # 20,000 sleeps of 1 us with the kernel's default 50 us slack
 *   /tmp/oversleep 20000 1000 1000     # the same with a 1 us slack
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <time.h>

static long now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000000000L + t.tv_nsec;
}

static int compare(const void *a, const void *b)
{
    const long x = *(const long *)a, y = *(const long *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    if (argc != 4)
    {
        fprintf(stderr, "usage: oversleep SLEEPS SLACK_NS SLEEP_NS\n");
        return 2;
    }
    const int sleeps = atoi(argv[1]);
    if (0 != prctl(PR_SET_TIMERSLACK, atol(argv[2]), 0, 0, 0))
    {
        perror("prctl(PR_SET_TIMERSLACK)");
        return 1;
    }
    const struct timespec sleep = { 0, atol(argv[3]) };
    long *late = malloc(sizeof(long) * sleeps);
    for (int i = 0; i < sleeps; i++)
    {
        const long start = now_ns();
        nanosleep(&sleep, NULL);
        late[i] = now_ns() - start - sleep.tv_nsec;
    }
    qsort(late, sleeps, sizeof(long), compare);
    printf("slack %s ns, sleep %s ns: late p50 %ld us, p90 %ld us, p99 %ld us, max %ld us\n", argv[2], argv[3],
        late[sleeps / 2] / 1000, late[sleeps * 9 / 10] / 1000, late[sleeps * 99 / 100] / 1000, late[sleeps - 1] / 1000);
    free(late);
    return 0;
}
