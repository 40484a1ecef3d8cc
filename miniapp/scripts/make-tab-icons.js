#!/usr/bin/env node
/**
 * Draws the tab bar icons (81x81 PNG, normal + selected colour) with pure JS (pngjs), so the
 * icons can be regenerated on any machine without native image tools.
 * Usage: node scripts/make-tab-icons.js  → src/assets/tabbar/<name>.png, <name>-active.png
 */
const fs = require('node:fs');
const path = require('node:path');
const { PNG } = require('pngjs');

const SIZE = 81;
const SUPERSAMPLE = 4;
const COLOURS = {
  normal: [0x8a, 0x94, 0xa6], // matches --ah-color-text-tertiary
  active: [0x1f, 0x5a, 0xa6], // matches --ah-color-primary
};
const OUT_DIR = path.resolve(__dirname, '../src/assets/tabbar');

// Shape primitives: each returns (x, y) => boolean, in icon pixel coordinates.
const circle = (cx, cy, r) => (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
const ring = (cx, cy, r, width) => {
  const outer = circle(cx, cy, r);
  const inner = circle(cx, cy, r - width);
  return (x, y) => outer(x, y) && !inner(x, y);
};
const rect = (x0, y0, x1, y1) => (x, y) => x >= x0 && x <= x1 && y >= y0 && y <= y1;
const roundRect = (x0, y0, x1, y1, r) => (x, y) => {
  if (!rect(x0, y0, x1, y1)(x, y)) return false;
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
};
const triangle = (ax, ay, bx, by, cx, cy) => (x, y) => {
  const side = (px, py, qx, qy) => (qx - px) * (y - py) - (qy - py) * (x - px);
  const d1 = side(ax, ay, bx, by);
  const d2 = side(bx, by, cx, cy);
  const d3 = side(cx, cy, ax, ay);
  return !((d1 < 0 || d2 < 0 || d3 < 0) && (d1 > 0 || d2 > 0 || d3 > 0));
};
const ellipse = (cx, cy, rx, ry) => (x, y) => ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1;
const union =
  (...shapes) =>
  (x, y) =>
    shapes.some((shape) => shape(x, y));
const minus = (shape, hole) => (x, y) => shape(x, y) && !hole(x, y);
const intersect = (a, b) => (x, y) => a(x, y) && b(x, y);

const ICONS = {
  // 首页: a house with a door.
  home: minus(union(triangle(40.5, 10, 8, 40, 73, 40), rect(17, 36, 64, 70)), roundRect(34, 50, 47, 71, 2)),
  // 名录: a card list — framed sheet with three entries.
  directory: union(
    minus(roundRect(14, 10, 67, 71, 7), roundRect(20, 16, 61, 65, 3)),
    circle(28, 28, 3.5),
    rect(34, 25.5, 54, 30.5),
    circle(28, 41, 3.5),
    rect(34, 38.5, 54, 43.5),
    circle(28, 54, 3.5),
    rect(34, 51.5, 54, 56.5),
  ),
  // 对接: two linked rings.
  matchmaking: union(ring(29, 40.5, 19, 6), ring(52, 40.5, 19, 6)),
  // 我的: a person — head and shoulders.
  me: union(circle(40.5, 25, 14), intersect(ellipse(40.5, 72, 28, 29), rect(0, 0, SIZE, 70))),
};

function render(shape, [r, g, b]) {
  const png = new PNG({ width: SIZE, height: SIZE });
  const step = 1 / SUPERSAMPLE;
  for (let py = 0; py < SIZE; py++) {
    for (let px = 0; px < SIZE; px++) {
      let hits = 0;
      for (let sy = 0; sy < SUPERSAMPLE; sy++) {
        for (let sx = 0; sx < SUPERSAMPLE; sx++) {
          if (shape(px + (sx + 0.5) * step, py + (sy + 0.5) * step)) hits++;
        }
      }
      const i = (py * SIZE + px) * 4;
      png.data[i] = r;
      png.data[i + 1] = g;
      png.data[i + 2] = b;
      png.data[i + 3] = Math.round((255 * hits) / SUPERSAMPLE ** 2);
    }
  }
  return PNG.sync.write(png, { colorType: 6 });
}

fs.mkdirSync(OUT_DIR, { recursive: true });
for (const [name, shape] of Object.entries(ICONS)) {
  for (const [variant, colour] of Object.entries(COLOURS)) {
    const file = path.join(OUT_DIR, variant === 'active' ? `${name}-active.png` : `${name}.png`);
    fs.writeFileSync(file, render(shape, colour));
    console.log(`${path.relative(process.cwd(), file)} (${fs.statSync(file).size} bytes)`);
  }
}
