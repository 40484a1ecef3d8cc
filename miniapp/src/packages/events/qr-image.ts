import qrcode from 'qrcode-generator';

/**
 * A QR code of `text` as a GIF data URL, in pure JS (no canvas) so the H5 and weapp builds
 * draw it the same way. Level M survives a scuffed screen or glare at the door.
 */
export function qrDataUrl(text: string, cellSize = 10): string {
  const qr = qrcode(0, 'M');
  qr.addData(text);
  qr.make();
  return qr.createDataURL(cellSize, cellSize * 2);
}
