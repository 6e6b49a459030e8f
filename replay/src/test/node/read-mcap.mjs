// Reads an MCAP file with Foxglove's own @mcap/core (the independent reader the export is tested against)
// and prints what it found as JSON: schemas, channels and message counts per topic, the time range from the
// summary's statistics, and the same from a full streaming pass that validates every CRC.
// Usage: node read-mcap.mjs FILE    (needs `npm install @mcap/core fzstd` at the repository root)
import { McapIndexedReader, McapStreamReader } from "@mcap/core";
import { decompress } from "fzstd";
import { open, readFile } from "node:fs/promises";

const file = process.argv[2];
const decompressHandlers = {
    zstd: (buffer, decompressedSize) => decompress(buffer, new Uint8Array(Number(decompressedSize))),
};

const handle = await open(file, "r");
const readable = {
    size: async () => BigInt((await handle.stat()).size),
    read: async (offset, length) => {
        const bytes = new Uint8Array(Number(length));
        await handle.read(bytes, 0, Number(length), Number(offset));
        return bytes;
    },
};
const reader = await McapIndexedReader.Initialize({ readable, decompressHandlers });
const indexed = {};
for (const channel of reader.channelsById.values()) {
    indexed[channel.topic] = 0;
}
let indexedMessages = 0;
let notJson = 0;
for await (const message of reader.readMessages()) {
    indexed[reader.channelsById.get(message.channelId).topic]++;
    indexedMessages++;
    try {
        JSON.parse(new TextDecoder().decode(message.data));
    } catch (error) {
        notJson++;
    }
}
await handle.close();

const stream = new McapStreamReader({ decompressHandlers, validateCrcs: true });
stream.append(await readFile(file));
const streamedTopics = new Map();
const streamed = {};
let streamedMessages = 0;
let dataEnd = false;
for (let record; (record = stream.nextRecord()); ) {
    if (record.type === "Channel") {
        streamedTopics.set(record.id, record.topic);
    } else if (record.type === "Message") {
        const topic = streamedTopics.get(record.channelId);
        streamed[topic] = (streamed[topic] ?? 0) + 1;
        streamedMessages++;
    } else if (record.type === "DataEnd") {
        dataEnd = true;
    }
}

const channels = {};
for (const channel of reader.channelsById.values()) {
    channels[channel.topic] = {
        schema: reader.schemasById.get(channel.schemaId)?.name,
        encoding: channel.messageEncoding,
        schemaEncoding: reader.schemasById.get(channel.schemaId)?.encoding,
    };
}
console.log(JSON.stringify({
    library: reader.header.library,
    schemas: [...reader.schemasById.values()].map((schema) => schema.name),
    channels,
    statistics: {
        messageCount: String(reader.statistics.messageCount),
        messageStartTime: String(reader.statistics.messageStartTime),
        messageEndTime: String(reader.statistics.messageEndTime),
        chunkCount: reader.statistics.chunkCount,
    },
    chunkIndexes: reader.chunkIndexes.length,
    indexedMessages,
    indexed,
    notJson,
    streamedMessages,
    streamed,
    dataEnd,
    done: stream.done(),
}));
