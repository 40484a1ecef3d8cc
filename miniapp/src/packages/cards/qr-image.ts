import qrcode from 'qrcode-generator';

/**
 * A QR code of `text` as a GIF data URL, made in pure JS (no canvas), so it works in the H5
 * build and as the mini-program's fallback alike. Level M survives a scuffed or glared screen.
 */
export function qrDataUrl(text: string, cellSize = 8): string {
  const qr = qrcode(0, 'M');
  qr.addData(text);
  qr.make();
  return qr.createDataURL(cellSize, cellSize * 2);
}
