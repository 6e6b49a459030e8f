// Bird's-eye view of the newest world model and trajectory, in the vehicle frame: x forward (up the canvas),
// y to the left. The ego sits low in the view because what lies ahead matters more than what is behind.

const CLASS_COLOURS = {
  CAR: '#4c8dff', TRUCK: '#b070ff', PEDESTRIAN: '#ffb02e', CYCLIST: '#3ddc84', STATIC_OBSTACLE: '#8a929c',
  UNKNOWN: '#e8e8e8',
};
const AHEAD_M = 90;
const BEHIND_M = 30;
// Velocity arrows show where an object will be this far ahead.
const ARROW_S = 0.5;

export class BirdsEye {
  constructor(canvas) {
    this.canvas = canvas;
    this.context = canvas.getContext('2d');
    this.scale = canvas.height / (AHEAD_M + BEHIND_M);
    this.originX = canvas.width / 2;
    this.originY = canvas.height * AHEAD_M / (AHEAD_M + BEHIND_M);
    this.grid = document.createElement('canvas');
    this.worldModel = null;
    this.trajectory = null;
    this.frames = 0;
  }

  onWorldModel(frame) {
    this.worldModel = frame;
    if (frame.grid) {
      this.renderGrid(frame.grid);
    }
    this.draw();
  }

  onTrajectory(frame) {
    this.trajectory = frame;
    this.draw();
  }

  toScreen(x, y) {
    return [this.originX - y * this.scale, this.originY - x * this.scale];
  }

  // The grid is row-major from the (-x, -y) corner; on screen x runs up and y runs left, so row ix becomes
  // line (nx - 1 - ix) and column iy becomes column (ny - 1 - iy).
  renderGrid(grid) {
    const cells = Uint8Array.from(atob(grid.data), c => c.charCodeAt(0));
    if (cells.length !== grid.nx * grid.ny) {
      return;
    }
    this.grid.width = grid.ny;
    this.grid.height = grid.nx;
    const g = this.grid.getContext('2d');
    const image = g.createImageData(grid.ny, grid.nx);
    for (let iy = 0; iy < grid.ny; iy++) {
      for (let ix = 0; ix < grid.nx; ix++) {
        const p = cells[iy * grid.nx + ix];
        const at = 4 * ((grid.nx - 1 - ix) * grid.ny + (grid.ny - 1 - iy));
        if (p < 128) {
          image.data.set([29, 59, 42, Math.round((128 - p) * 1.6)], at);
        } else if (p > 128) {
          image.data.set([201, 104, 58, Math.round((p - 128) * 1.9)], at);
        }
      }
    }
    g.putImageData(image, 0, 0);
    this.gridSpec = grid;
  }

  draw() {
    const c = this.context;
    c.setTransform(1, 0, 0, 1, 0, 0);
    c.clearRect(0, 0, this.canvas.width, this.canvas.height);
    this.drawRings();
    if (this.gridSpec) {
      const halfX = this.gridSpec.nx * this.gridSpec.cell / 2;
      const halfY = this.gridSpec.ny * this.gridSpec.cell / 2;
      const [left, top] = this.toScreen(halfX, halfY);
      c.imageSmoothingEnabled = false;
      c.drawImage(this.grid, left, top, 2 * halfY * this.scale, 2 * halfX * this.scale);
    }
    this.drawEgo();
    const objects = this.worldModel ? this.worldModel.objects : [];
    let drawn = 0;
    for (const object of objects) {
      drawn += this.drawObject(object) ? 1 : 0;
    }
    const points = this.trajectory ? this.trajectory.points : [];
    this.drawTrajectory(points);
    this.frames++;
    // Only what is in view counts as drawn: a test waiting for objects waits for them to be visible.
    this.canvas.dataset.objectsDrawn = String(drawn);
    this.canvas.dataset.trajectoryPoints = String(points.length);
    this.canvas.dataset.frames = String(this.frames);
  }

  drawRings() {
    const c = this.context;
    c.strokeStyle = '#1e242c';
    c.fillStyle = '#4a525d';
    c.font = '11px system-ui, sans-serif';
    c.lineWidth = 1;
    for (let r = 20; r <= AHEAD_M; r += 20) {
      c.beginPath();
      c.arc(this.originX, this.originY, r * this.scale, 0, 2 * Math.PI);
      c.stroke();
      c.fillText(`${r} m`, this.originX + 4, this.originY - r * this.scale - 3);
    }
  }

  drawEgo() {
    this.polygon(box(0, 0, 4.8, 1.9, 0), '#ffffff', 'rgba(255,255,255,0.25)');
  }

  // Returns whether the object's centre is in view.
  drawObject(o) {
    const colour = CLASS_COLOURS[o.cls] || CLASS_COLOURS.UNKNOWN;
    const dashed = o.status !== 'CONFIRMED';
    this.polygon(box(o.x, o.y, o.l || 0.5, o.w || 0.5, o.yaw || 0), colour, colour + '33', dashed);
    const c = this.context;
    const [sx, sy] = this.toScreen(o.x, o.y);
    if (o.vx !== null && o.vy !== null && Math.hypot(o.vx, o.vy) > 0.3) {
      const [ex, ey] = this.toScreen(o.x + o.vx * ARROW_S, o.y + o.vy * ARROW_S);
      arrow(c, sx, sy, ex, ey, colour);
    }
    c.fillStyle = colour;
    c.font = '11px system-ui, sans-serif';
    c.fillText(String(o.id), sx + 6, sy - 6);
    return sx >= 0 && sx < this.canvas.width && sy >= 0 && sy < this.canvas.height;
  }

  drawTrajectory(points) {
    if (points.length < 2) {
      return;
    }
    const c = this.context;
    c.strokeStyle = '#ff3fa4';
    c.lineWidth = 3;
    c.setLineDash([]);
    c.beginPath();
    points.forEach(([, x, y], i) => {
      const [sx, sy] = this.toScreen(x, y);
      if (i === 0) {
        c.moveTo(sx, sy);
      } else {
        c.lineTo(sx, sy);
      }
    });
    c.stroke();
  }

  polygon(corners, stroke, fill, dashed = false) {
    const c = this.context;
    c.beginPath();
    corners.forEach(([x, y], i) => {
      const [sx, sy] = this.toScreen(x, y);
      if (i === 0) {
        c.moveTo(sx, sy);
      } else {
        c.lineTo(sx, sy);
      }
    });
    c.closePath();
    c.fillStyle = fill;
    c.fill();
    c.setLineDash(dashed ? [4, 3] : []);
    c.strokeStyle = stroke;
    c.lineWidth = 1.5;
    c.stroke();
    c.setLineDash([]);
  }
}

function box(x, y, length, width, yaw) {
  const cos = Math.cos(yaw);
  const sin = Math.sin(yaw);
  const l = length / 2;
  const w = width / 2;
  return [[l, w], [l, -w], [-l, -w], [-l, w]].map(([a, b]) => [x + a * cos - b * sin, y + a * sin + b * cos]);
}

function arrow(c, x0, y0, x1, y1, colour) {
  const angle = Math.atan2(y1 - y0, x1 - x0);
  c.strokeStyle = colour;
  c.fillStyle = colour;
  c.lineWidth = 1.5;
  c.beginPath();
  c.moveTo(x0, y0);
  c.lineTo(x1, y1);
  c.stroke();
  c.beginPath();
  c.moveTo(x1, y1);
  c.lineTo(x1 - 7 * Math.cos(angle - 0.4), y1 - 7 * Math.sin(angle - 0.4));
  c.lineTo(x1 - 7 * Math.cos(angle + 0.4), y1 - 7 * Math.sin(angle + 0.4));
  c.closePath();
  c.fill();
}
