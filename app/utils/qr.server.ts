/** QR codes as inline SVG (the `qrcode` package, decision 120): no image request, prints sharply, fits the CSP. */
import QRCode from "qrcode";

export async function qrSvg(text: string): Promise<string> {
  return QRCode.toString(text, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
}
