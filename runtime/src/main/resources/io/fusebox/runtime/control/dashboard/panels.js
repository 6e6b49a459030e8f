// The side panels: sensor health grid, latency percentiles, fusion and planner figures, recording controls.

export class HealthGrid {
  constructor(element, summary) {
    this.element = element;
    this.summary = summary;
    this.cells = new Map();
  }

  setRig(rig) {
    this.element.replaceChildren();
    this.cells.clear();
    for (const sensor of rig.sensors) {
      const cell = document.createElement('div');
      cell.textContent = `${sensor.id} ${sensor.name}`;
      cell.title = `${sensor.name} (${sensor.kind.toLowerCase()}, ${sensor.rateHz} Hz): no health report yet`;
      cell.dataset.sensor = String(sensor.id);
      this.element.append(cell);
      this.cells.set(sensor.id, { cell, sensor });
    }
  }

  onHealth(frame) {
    let ok = 0;
    for (const [id, kind, state, messages, gaps] of frame.sensors) {
      const entry = this.cells.get(id);
      if (!entry) {
        continue;
      }
      ok += state === 'OK' ? 1 : 0;
      entry.cell.className = state;
      entry.cell.title = `${entry.sensor.name} (${kind.toLowerCase()}): ${state}, ${messages} messages, ${gaps} gaps`;
    }
    this.summary.textContent = `${ok} of ${frame.sensors.length} ok`;
    this.element.dataset.sensorsOk = String(ok);
  }
}

export function showLatency(table, frame) {
  for (const stream of ['worldModel', 'trajectory']) {
    const figures = frame[stream];
    const cells = table.querySelectorAll(`tr[data-stream="${stream}"] td`);
    const values = [figures.p50Us, figures.p90Us, figures.p99Us, figures.p999Us, figures.maxUs];
    values.forEach((us, i) => {
      cells[i].textContent = figures.count > 0 ? micros(us) : '–';
    });
    cells[5].textContent = String(figures.count);
  }
}

export function showFigures(list, fusion, planner) {
  const rows = [
    ['world models', fusion.worldModels], ['tracks', fusion.tracks], ['late inputs dropped', fusion.late],
    ['sensors not ok', fusion.degradedSensors], ['fusion outputs dropped', fusion.droppedOutputs],
    ['plans', planner.running ? planner.plans : 'no planner'], ['controlled stops', planner.controlledStops],
    ['trajectories dropped', planner.droppedTrajectories],
  ];
  list.replaceChildren();
  for (const [name, value] of rows) {
    const term = document.createElement('dt');
    term.textContent = name;
    const detail = document.createElement('dd');
    detail.textContent = value === null || value === undefined ? '–' : String(value);
    list.append(term, detail);
  }
}

function micros(us) {
  return us >= 10000 ? `${(us / 1000).toFixed(1)} ms` : `${us} µs`;
}
