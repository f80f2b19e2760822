// Colour scales of the coverage map: viridis for counts and PDOP, and discrete availability classes that put the
// 99% line (the per-country criterion) at a visible colour break.

const VIRIDIS = [
  [0x44, 0x01, 0x54],
  [0x48, 0x28, 0x78],
  [0x3e, 0x49, 0x89],
  [0x31, 0x68, 0x8e],
  [0x26, 0x82, 0x8e],
  [0x1f, 0x9e, 0x89],
  [0x35, 0xb7, 0x79],
  [0x6e, 0xce, 0x58],
  [0xb5, 0xde, 0x2b],
  [0xfd, 0xe7, 0x25],
] as const;

export type Rgb = readonly [number, number, number];

/** Viridis at f in [0, 1]. */
export function viridis(f: number): Rgb {
  const x = Math.max(0, Math.min(1, Number.isFinite(f) ? f : 0)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(x));
  const t = x - i;
  const a = VIRIDIS[i] as readonly number[];
  const b = VIRIDIS[i + 1] as readonly number[];
  return [
    Math.round((a[0] as number) + ((b[0] as number) - (a[0] as number)) * t),
    Math.round((a[1] as number) + ((b[1] as number) - (a[1] as number)) * t),
    Math.round((a[2] as number) + ((b[2] as number) - (a[2] as number)) * t),
  ];
}

export interface AvailabilityClass {
  readonly min: number;
  readonly label: string;
  readonly rgb: Rgb;
}

/** Availability classes, best first. */
export const AVAILABILITY_CLASSES: readonly AvailabilityClass[] = [
  { min: 0.999, label: "≥ 99.9%", rgb: [0x21, 0x66, 0xac] },
  { min: 0.99, label: "99–99.9%", rgb: [0x92, 0xc5, 0xde] },
  { min: 0.95, label: "95–99%", rgb: [0xfd, 0xdb, 0xc7] },
  { min: 0.9, label: "90–95%", rgb: [0xf4, 0xa5, 0x82] },
  { min: 0.5, label: "50–90%", rgb: [0xd6, 0x60, 0x4d] },
  { min: Number.NEGATIVE_INFINITY, label: "< 50%", rgb: [0x67, 0x00, 0x1f] },
];

export function availabilityColor(a: number): Rgb {
  for (const c of AVAILABILITY_CLASSES) if (a >= c.min) return c.rgb;
  return [0x67, 0x00, 0x1f];
}

export const rgbCss = (c: Rgb) => `rgb(${c[0]},${c[1]},${c[2]})`;
