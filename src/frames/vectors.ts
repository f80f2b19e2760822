// Vectors branded with their frame, so an ECEF position cannot be passed where an ENU one is expected.

declare const frameBrand: unique symbol;

/** Earth-centred, Earth-fixed Cartesian coordinates (m). */
export type Ecef = readonly [number, number, number] & { readonly [frameBrand]: "ECEF" };
/** Local East, North, Up (m) about some origin. */
export type Enu = readonly [number, number, number] & { readonly [frameBrand]: "ENU" };

/** Geodetic latitude and longitude (rad) and ellipsoidal height (m). */
export interface Geodetic {
  readonly lat_rad: number;
  readonly lon_rad: number;
  readonly h_m: number;
}

export const ecef = (x: number, y: number, z: number): Ecef => [x, y, z] as unknown as Ecef;
export const enu = (e: number, n: number, u: number): Enu => [e, n, u] as unknown as Enu;

export function distance(a: Ecef, b: Ecef): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
}

export const DEG = Math.PI / 180;
