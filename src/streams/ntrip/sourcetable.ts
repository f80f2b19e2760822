// NTRIP sourcetable (RTCM 10410.1 NTRIP 2.0 §2.2, Table 4-6): STR (stream), CAS (caster) and NET (network)
// records, `;`-separated, ended by ENDSOURCETABLE. Parsing is lenient: short records (RTKLIB writes just
// `STR;MOUNT;`) get empty fields, unknown record types are kept as raw lines.

export interface StreamRecord {
  readonly mount: string;
  readonly identifier: string;
  /** e.g. "RTCM 3.3" */
  readonly format: string;
  /** message types and rates, e.g. "1006(10),1077(1),1127(1)" */
  readonly formatDetails: string;
  /** 0 none, 1 L1, 2 L1+L2 */
  readonly carrier: number;
  /** e.g. "GPS+GLO+GAL+BDS" */
  readonly navSystem: string;
  readonly network: string;
  readonly country: string;
  readonly lat_deg: number;
  readonly lon_deg: number;
  /** The caster wants GGA sentences from the client (network/VRS mountpoints). */
  readonly nmea: boolean;
  /** 0 single base, 1 network */
  readonly solution: number;
  readonly generator: string;
  readonly compression: string;
  /** N none, B basic, D digest */
  readonly authentication: string;
  readonly fee: boolean;
  readonly bitrate_bps: number;
  readonly misc: string;
}

export interface CasterRecord {
  readonly host: string;
  readonly port: number;
  readonly identifier: string;
  readonly operator: string;
  readonly nmea: boolean;
  readonly country: string;
  readonly lat_deg: number;
  readonly lon_deg: number;
  readonly fallbackHost: string;
  readonly fallbackPort: number;
  readonly misc: string;
}

export interface NetworkRecord {
  readonly identifier: string;
  readonly operator: string;
  readonly authentication: string;
  readonly fee: boolean;
  readonly webNet: string;
  readonly webStr: string;
  readonly webReg: string;
  readonly misc: string;
}

export interface Sourcetable {
  readonly streams: StreamRecord[];
  readonly casters: CasterRecord[];
  readonly networks: NetworkRecord[];
  /** Lines that are none of the above (kept for the user), without ENDSOURCETABLE. */
  readonly other: string[];
  /** Whether ENDSOURCETABLE was seen. */
  readonly complete: boolean;
}

const num = (s: string | undefined): number => {
  const v = Number(s);
  return s !== undefined && s.trim() !== "" && Number.isFinite(v) ? v : Number.NaN;
};
const int = (s: string | undefined): number => {
  const v = num(s);
  return Number.isNaN(v) ? 0 : Math.trunc(v);
};
const flag = (s: string | undefined): boolean => s?.trim() === "1" || s?.trim().toUpperCase() === "Y";

export function parseSourcetable(text: string): Sourcetable {
  const streams: StreamRecord[] = [];
  const casters: CasterRecord[] = [];
  const networks: NetworkRecord[] = [];
  const other: string[] = [];
  let complete = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trimEnd();
    if (!line) continue;
    if (line === "ENDSOURCETABLE") {
      complete = true;
      break;
    }
    const f = line.split(";");
    switch (f[0]) {
      case "STR": {
        // the misc field is last and may itself contain ';'
        streams.push({
          mount: f[1] ?? "",
          identifier: f[2] ?? "",
          format: f[3] ?? "",
          formatDetails: f[4] ?? "",
          carrier: int(f[5]),
          navSystem: f[6] ?? "",
          network: f[7] ?? "",
          country: f[8] ?? "",
          lat_deg: num(f[9]),
          lon_deg: num(f[10]),
          nmea: flag(f[11]),
          solution: int(f[12]),
          generator: f[13] ?? "",
          compression: f[14] ?? "",
          authentication: f[15] ?? "",
          fee: flag(f[16]),
          bitrate_bps: int(f[17]),
          misc: f.slice(18).join(";"),
        });
        break;
      }
      case "CAS":
        casters.push({
          host: f[1] ?? "",
          port: int(f[2]),
          identifier: f[3] ?? "",
          operator: f[4] ?? "",
          nmea: flag(f[5]),
          country: f[6] ?? "",
          lat_deg: num(f[7]),
          lon_deg: num(f[8]),
          fallbackHost: f[9] ?? "",
          fallbackPort: int(f[10]),
          misc: f.slice(11).join(";"),
        });
        break;
      case "NET":
        networks.push({
          identifier: f[1] ?? "",
          operator: f[2] ?? "",
          authentication: f[3] ?? "",
          fee: flag(f[4]),
          webNet: f[5] ?? "",
          webStr: f[6] ?? "",
          webReg: f[7] ?? "",
          misc: f.slice(8).join(";"),
        });
        break;
      default:
        other.push(line);
    }
  }
  return { streams, casters, networks, other, complete };
}

const coord = (v: number) => (Number.isFinite(v) ? v.toFixed(2) : "0.00");
const yn = (b: boolean) => (b ? "1" : "0");

export function formatStreamRecord(s: Partial<StreamRecord> & { mount: string }): string {
  return [
    "STR",
    s.mount,
    s.identifier ?? s.mount,
    s.format ?? "RTCM 3.3",
    s.formatDetails ?? "",
    String(s.carrier ?? 2),
    s.navSystem ?? "BDS+GPS+GAL+GLO",
    s.network ?? "beidou",
    s.country ?? "",
    coord(s.lat_deg ?? Number.NaN),
    coord(s.lon_deg ?? Number.NaN),
    yn(s.nmea ?? false),
    String(s.solution ?? 0),
    s.generator ?? "beidou",
    s.compression ?? "none",
    s.authentication ?? "N",
    s.fee ? "Y" : "N",
    String(s.bitrate_bps ?? 0),
    s.misc ?? "",
  ].join(";");
}

export function formatCasterRecord(c: Partial<CasterRecord> & { host: string; port: number }): string {
  return [
    "CAS",
    c.host,
    String(c.port),
    c.identifier ?? "beidou",
    c.operator ?? "beidou",
    yn(c.nmea ?? false),
    c.country ?? "",
    coord(c.lat_deg ?? Number.NaN),
    coord(c.lon_deg ?? Number.NaN),
    c.fallbackHost ?? "0.0.0.0",
    String(c.fallbackPort ?? 0),
    c.misc ?? "",
  ].join(";");
}

/** The body a caster sends: records, then ENDSOURCETABLE, CRLF line ends. */
export function formatSourcetable(lines: readonly string[]): string {
  return `${lines.map((l) => `${l}\r\n`).join("")}ENDSOURCETABLE\r\n`;
}
