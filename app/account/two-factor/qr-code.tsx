import QRCode from 'qrcode';

/**
 * The `otpauth://` URI as a QR code, drawn on the server as inline SVG: no image service sees
 * the secret, and an inline SVG needs nothing from the Content-Security-Policy.
 */
export async function QrCode({ uri, label }: { uri: string; label: string }) {
  const svg = await QRCode.toString(uri, { type: 'svg', margin: 2, errorCorrectionLevel: 'M', color: { dark: '#000000', light: '#ffffff' } });
  // The markup is qrcode's own drawing of our URI: paths and rectangles, nothing from the visitor.
  return <div className="qr-code" role="img" aria-label={label} dangerouslySetInnerHTML={{ __html: svg }} />;
}
