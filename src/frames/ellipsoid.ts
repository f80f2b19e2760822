// Reference ellipsoids and Earth constants, each from its own system's document.
// WGS84: NIMA TR8350.2 §3. CGCS2000: BDS-SIS-ICD-B1I-3.0 §3.2. PZ-90.11: GLONASS ICD 5.1 §3.3.1.

export interface Ellipsoid {
  readonly name: "WGS84" | "CGCS2000" | "PZ-90";
  /** semi-major axis (m) */
  readonly a_m: number;
  /** flattening */
  readonly f: number;
  /** gravitational constant GM (m^3/s^2) */
  readonly GM_m3ps2: number;
  /** Earth rotation rate (rad/s) */
  readonly omegaE_radps: number;
}

export const WGS84: Ellipsoid = {
  name: "WGS84",
  a_m: 6378137.0,
  f: 1 / 298.257223563,
  GM_m3ps2: 3.986005e14,
  omegaE_radps: 7.2921151467e-5,
};

export const CGCS2000: Ellipsoid = {
  name: "CGCS2000",
  a_m: 6378137.0,
  f: 1 / 298.257222101,
  GM_m3ps2: 3.986004418e14,
  omegaE_radps: 7.292115e-5,
};

export const PZ90: Ellipsoid = {
  name: "PZ-90",
  a_m: 6378136.0,
  f: 1 / 298.25784,
  GM_m3ps2: 3.9860044e14,
  omegaE_radps: 7.292115e-5,
};

/** Speed of light in vacuum (m/s), exact. */
export const C_mps = 299792458.0;
