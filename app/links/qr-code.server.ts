import QRCode from 'qrcode';

/** A link's QR code: PNG (1024 px, for print) or SVG, with an ASCII file name safe for headers. */
export async function renderLinkQrCode(
  link: { url: string; code: string; memberName: string },
  format: 'png' | 'svg',
): Promise<{ body: BodyInit; contentType: string; filename: string }> {
  const slug =
    link.memberName
      .normalize('NFKD')
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .toLowerCase()
      .slice(0, 40) || 'link';
  const filename = `qr-${slug}-${link.code}.${format}`;
  const options = { errorCorrectionLevel: 'M' as const, margin: 2 };
  if (format === 'png') {
    const png = await QRCode.toBuffer(link.url, { ...options, type: 'png', width: 1024 });
    return { body: new Uint8Array(png), contentType: 'image/png', filename };
  }
  const svg = await QRCode.toString(link.url, { ...options, type: 'svg' });
  return { body: svg, contentType: 'image/svg+xml', filename };
}
