/**
 * The timeline's colours, on its white background. Text is ink or muted (WCAG AA for text: at least 4.5:1); every
 * shape that carries meaning is at least 3:1 (WCAG 1.4.11) and also differs by shape or pattern, and is named by a
 * label, so no part is told apart by colour alone. test/unit/functions/adapters/cycle-timeline checks the ratios.
 */
export const TIMELINE_COLOURS = {
  background: '#ffffff',
  /** Dates, today's marker, the ring of each credit. */
  ink: '#1d2433',
  /** Labels, ticks, leader lines, the bare axis. */
  muted: '#5b6475',
  /** The cycle itself, solid (the page's accent). */
  cycle: '#0b6e4f',
  /** The late-CE window (stripes) and the late-renewal window (dots) after expiry. */
  late: '#8a5300',
  /** The reinstatement window (stripes the other way). */
  reinstate: '#b3261e',
  /** The CPR/AED card's span, a thin bar of its own. */
  card: '#3f51b5',
} as const;

/** Colours of text: held to 4.5:1 against the background. */
export const TEXT_COLOURS = ['ink', 'muted'] as const;
/** Colours of shapes: held to 3:1 against the background. */
export const SHAPE_COLOURS = ['ink', 'muted', 'cycle', 'late', 'reinstate', 'card'] as const;
