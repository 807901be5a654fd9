/**
 * How wide a line of text is at most, without a font at hand: the layout runs on the server, the text is drawn by the
 * trainer's browser (system-ui: DejaVu Sans, Segoe UI, SF, Roboto …) or, in the email picture, with Atkinson
 * Hyperlegible. Per-class widths a little above DejaVu Sans, the widest of them (measured: "Late CE accepted until"
 * is 11.1 em in DejaVu Sans and 9.9 em in Atkinson Hyperlegible; this says 11.8 em), so a label placed in the room
 * this estimate gives never overlaps another.
 */

const NARROW = new Set([..."iljtfrI!.,:;'|() /-"]);
const WIDE = new Set([...'mwMW@%']);
/** Bold runs about 8% wider than regular in both fonts. */
const BOLD_FACTOR = 1.08;

function charEm(char: string): number {
  if (NARROW.has(char)) return 0.35;
  if (WIDE.has(char)) return 0.95;
  if (/[0-9]/.test(char)) return 0.64;
  if (/[A-Z]/.test(char)) return 0.74;
  return 0.62;
}

/** Upper bound of the width of `text` in pixels at `fontSize`. */
export function textWidth(text: string, fontSize: number, bold = false): number {
  let em = 0;
  for (const char of text) em += charEm(char);
  return em * fontSize * (bold ? BOLD_FACTOR : 1);
}
