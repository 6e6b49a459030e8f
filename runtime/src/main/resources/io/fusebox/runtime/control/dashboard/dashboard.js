// The dashboard: one WebSocket for the live streams (world model, trajectory, health, latency) and the REST API
// for the rig, the figures and the recording. Served by the control plane itself; nothing is fetched elsewhere.
import { BirdsEye } from './birdseye.js';
import { HealthGrid, showFigures, showLatency } from './panels.js';

const $ = id => document.getElementById(id);
const view = new BirdsEye($('birdseye'));
const health = new HealthGrid($('health'), $('health-summary'));

async function getJson(path) {
  const response = await fetch(path, { cache: 'no-store' });
  if (!response.ok) {
    throw new Error(`${path}: ${response.status}`);
  }
  return response.json();
}

function connect() {
  const socket = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`);
  socket.onopen = () => {
    $('connection').textContent = 'live';
    $('connection').className = 'badge on';
  };
  socket.onclose = () => {
    $('connection').textContent = 'disconnected';
    $('connection').className = 'badge off';
    setTimeout(connect, 1000);
  };
  socket.onmessage = event => {
    const frame = JSON.parse(event.data);
    switch (frame.type) {
      case 'worldModel':
        view.onWorldModel(frame);
        $('world-model-info').textContent =
          `world model ${frame.seq}: ${frame.objects.length} objects, ego ${(frame.ego.speed * 3.6).toFixed(0)} km/h`;
        break;
      case 'trajectory':
        view.onTrajectory(frame);
        $('trajectory-info').textContent = `plan ${frame.maneuver.toLowerCase()}, target ` +
          `${(frame.targetSpeed * 3.6).toFixed(0)} km/h`;
        break;
      case 'health':
        health.onHealth(frame);
        break;
      case 'latency':
        showLatency($('latency'), frame);
        break;
    }
  };
}

async function refreshFigures() {
  try {
    const [fusion, planner, status] = await Promise.all(
      [getJson('/api/fusion'), getJson('/api/planner'), getJson('/api/status')]);
    showFigures($('figures'), fusion, planner);
    const recording = status.recording;
    $('recording-state').textContent = !recording.available ? 'not controllable here'
      : recording.recording ? `recording to ${recording.directory}` : 'not recording';
  } catch (error) {
    $('recording-state').textContent = `control plane unreachable (${error.message})`;
  }
}

async function recordingAction(action) {
  const result = $('recording-result');
  const response = await fetch(`/api/recording/${action}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${$('token').value.trim()}` },
  });
  const body = await response.json();
  result.className = response.ok ? 'result' : 'result error';
  result.textContent = response.ok ? `${action === 'start' ? 'recording to' : 'closed'} ${body.directory}`
    : `${response.status}: ${body.error}`;
  refreshFigures();
}

$('recording-start').addEventListener('click', () => recordingAction('start'));
$('recording-stop').addEventListener('click', () => recordingAction('stop'));

getJson('/api/rig').then(rig => {
  $('rig').textContent = `rig ${rig.name}, ${rig.sensors.length} sensors`;
  health.setRig(rig);
});
refreshFigures();
setInterval(refreshFigures, 2000);
view.draw();
connect();
