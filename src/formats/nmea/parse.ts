// NMEA 0183 v4.11 sentence decoder (IEC 61162-1 §7/§8): GGA, RMC, GSA, GSV, GST, GNS, ZDA, VTG, GLL with
// every GNSS talker (GP, GL, GA, GB, BD, GQ, GI, GN), the NMEA 4.10/4.11 GNSS System ID and Signal ID
// fields, and the Unicore "H" address variants (`$GNGGAH`, `$GBGSVH`: the same fields for the second,
// heading antenna of UM98x dual-antenna receivers; marked `antenna: "secondary"`).
// Stateless and total: any input gives a sentence; bad input gives `type: "invalid"` or field issues.

import type { DecodeIssue, SourceLocation } from "../../core/errors.js";
import type { GnssSystem, SatId } from "../../signals/system.js";
import { formatChecksum, hexDigit, nmeaXorText } from "./checksum.js";
import { FieldReader, utcInstant, validDate } from "./fields.js";
import { nmeaSatId } from "./satellite-numbers.js";
import type {
  GgaSentence,
  GllSentence,
  GnsSentence,
  GsaSentence,
  GstSentence,
  GsvSatellite,
  GsvSentence,
  InvalidSentence,
  NmeaSentence,
  RmcSentence,
  UnknownSentence,
  VtgSentence,
  ZdaSentence,
} from "./sentences.js";
import { type NmeaSignalTable, nmeaSignal } from "./signal-ids.js";
import { systemOfSystemId, talkerSystem } from "./talkers.js";

export interface ParseNmeaOptions {
  /** Where the sentence came from (file, line, byte offset), copied into every issue. */
  readonly at?: SourceLocation;
  /** Accept a sentence without `*hh` (default false: it is invalid). */
  readonly acceptNoChecksum?: boolean;
  /** How to read BDS signal id 3: "4.11" B1C (default), "4.10" B2I (u-blox NMEA 4.10 mode). */
  readonly signalTable?: NmeaSignalTable;
}

const KNOTS_TO_MPS = 1852 / 3600;
const KMH_TO_MPS = 1 / 3.6;
const NO_ISSUES: readonly DecodeIssue[] = Object.freeze([]);
const INTERPRETED = new Set(["GGA", "RMC", "GSA", "GSV", "GST", "GNS", "ZDA", "VTG", "GLL"]);

function latin1(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
  return s;
}

function invalid(
  text: string,
  at: SourceLocation,
  code: "checksum" | "bad-record",
  message: string,
): InvalidSentence {
  return { type: "invalid", text, issues: [{ ...at, code, message }] };
}

interface Base {
  talker: string;
  address: string;
  talkerSystem: GnssSystem | undefined;
  antenna: "primary" | "secondary";
  checksummed: boolean;
  issues: readonly DecodeIssue[];
}

/** Decode one sentence: `$...*hh` with or without the CR LF, as text or bytes. Never throws. */
export function parseNmea(sentence: string | Uint8Array, options: ParseNmeaOptions = {}): NmeaSentence {
  const at = options.at ?? {};
  let text = typeof sentence === "string" ? sentence : latin1(sentence);
  let end = text.length;
  while (end > 0 && (text.charCodeAt(end - 1) === 10 || text.charCodeAt(end - 1) === 13)) end--;
  if (end !== text.length) text = text.slice(0, end);
  const c0 = text.charCodeAt(0);
  if (text.length < 2 || (c0 !== 0x24 && c0 !== 0x21)) {
    return invalid(text, at, "bad-record", "not an NMEA sentence (no leading $ or !)");
  }
  for (let i = 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c > 0x7e)
      return invalid(text, at, "bad-record", `non-printable character at column ${i + 1}`);
  }
  const star = text.lastIndexOf("*");
  let body: string;
  let checksummed = true;
  if (star >= 0) {
    const h1 = hexDigit(text.charCodeAt(star + 1));
    const h2 = hexDigit(text.charCodeAt(star + 2));
    if (text.length !== star + 3 || h1 < 0 || h2 < 0) {
      return invalid(text, at, "bad-record", "malformed checksum field (expected *hh at the end)");
    }
    const want = h1 * 16 + h2;
    const got = nmeaXorText(text, 1, star);
    if (got !== want) {
      return invalid(
        text,
        at,
        "checksum",
        `checksum *${formatChecksum(want)} but the sentence gives ${formatChecksum(got)}`,
      );
    }
    body = text.slice(1, star);
  } else {
    if (!options.acceptNoChecksum) return invalid(text, at, "checksum", "no *hh checksum");
    body = text.slice(1);
    checksummed = false;
  }
  const fields = body.split(",");
  const address = fields[0];
  if (!/^[A-Z0-9]{2,}$/.test(address))
    return invalid(text, at, "bad-record", `bad address field '${address}'`);
  const r = new FieldReader(fields, at);
  if (address[0] === "P")
    return unknown(
      r,
      { talker: "", address, talkerSystem: undefined, antenna: "primary", checksummed, issues: NO_ISSUES },
      address,
      true,
    );
  const talker = address.slice(0, 2);
  let formatter = address.slice(2);
  let antenna: Base["antenna"] = "primary";
  // Unicore second-antenna variants: GGAH, GSVH, ... carry the standard fields
  if (formatter.length === 4 && formatter[3] === "H" && INTERPRETED.has(formatter.slice(0, 3))) {
    formatter = formatter.slice(0, 3);
    antenna = "secondary";
  }
  const base: Base = {
    talker,
    address,
    talkerSystem: talkerSystem(talker),
    antenna,
    checksummed,
    issues: r.issues,
  };
  switch (formatter) {
    case "GGA":
      return gga(r, base);
    case "RMC":
      return rmc(r, base);
    case "GSA":
      return gsa(r, base);
    case "GSV":
      return gsv(r, base, options.signalTable ?? "4.11");
    case "GST":
      return gst(r, base);
    case "GNS":
      return gns(r, base);
    case "ZDA":
      return zda(r, base);
    case "VTG":
      return vtg(r, base);
    case "GLL":
      return gll(r, base);
    default:
      return unknown(r, base, formatter, false);
  }
}

function unknown(r: FieldReader, base: Base, formatter: string, proprietary: boolean): UnknownSentence {
  return { type: "unknown", ...base, formatter, proprietary, fields: r.fields.slice(1) };
}

function gga(r: FieldReader, base: Base): GgaSentence {
  return {
    type: "GGA",
    ...base,
    timeOfDay_s: r.timeOfDay(1),
    lat_deg: r.angle(2, "lat"),
    lon_deg: r.angle(4, "lon"),
    quality: r.int(6, "fix quality"),
    numSats: r.int(7, "satellites used"),
    hdop: r.num(8, "HDOP"),
    altMsl_m: r.num(9, "altitude"),
    geoidSep_m: r.num(11, "geoid separation"),
    dgpsAge_s: r.num(13, "age of differential data"),
    dgpsStation: r.int(14, "reference station id"),
  };
}

function rmc(r: FieldReader, base: Base): RmcSentence {
  const timeOfDay_s = r.timeOfDay(1);
  const date = r.ddmmyy(9);
  let magVar_deg = r.num(10, "magnetic variation");
  if (r.str(11) === "W") magVar_deg = -magVar_deg;
  return {
    type: "RMC",
    ...base,
    timeOfDay_s,
    status: r.str(2),
    lat_deg: r.angle(3, "lat"),
    lon_deg: r.angle(5, "lon"),
    speed_mps: r.num(7, "speed") * KNOTS_TO_MPS,
    course_deg: r.num(8, "course"),
    date,
    time: date && Number.isFinite(timeOfDay_s) ? utcInstant(date, timeOfDay_s) : undefined,
    magVar_deg,
    mode: r.str(12),
    navStatus: r.str(13),
  };
}

function gsa(r: FieldReader, base: Base): GsaSentence {
  const n = r.count;
  // 18 fields: address, 2 modes, 12 satellites, 3 DOPs; NMEA 4.10 adds the system id (19). Receivers
  // with more or fewer satellite fields exist (Navior-24: 24), so the DOPs are taken from the end.
  const hasSystemId = n === 19;
  const dopAt = hasSystemId ? 15 : Math.max(3, n - 3);
  const systemId = hasSystemId ? r.int(18, "GNSS system id") : Number.NaN;
  const system = systemOfSystemId(systemId) ?? base.talkerSystem;
  if (hasSystemId && Number.isFinite(systemId) && systemOfSystemId(systemId) === undefined)
    r.issue(18, "GNSS system id");
  const prns: number[] = [];
  const sats: SatId[] = [];
  for (let i = 3; i < dopAt; i++) {
    const prn = r.int(i, "satellite number");
    if (!Number.isFinite(prn)) continue;
    prns.push(prn);
    const sat = nmeaSatId(prn, system);
    if (sat) sats.push(sat);
    else r.issue(i, "satellite number");
  }
  return {
    type: "GSA",
    ...base,
    selection: r.str(1),
    fixType: r.int(2, "fix type"),
    prns,
    sats,
    pdop: r.num(dopAt, "PDOP"),
    hdop: r.num(dopAt + 1, "HDOP"),
    vdop: r.num(dopAt + 2, "VDOP"),
    systemId,
    system,
  };
}

function gsv(r: FieldReader, base: Base, table: NmeaSignalTable): GsvSentence {
  const n = r.count;
  const extra = (n - 4) % 4;
  // one field after the blocks is the NMEA 4.10 signal id
  const signalId = n > 4 && extra === 1 ? r.hexDigit(n - 1, "signal id") : Number.NaN;
  if (n < 4 || extra > 1) r.issue(n - 1, "GSV field count");
  const blocksEnd = 4 + Math.floor(Math.max(0, n - 4) / 4) * 4;
  const sats: GsvSatellite[] = [];
  for (let i = 4; i + 4 <= blocksEnd; i += 4) {
    const prn = r.int(i, "satellite number");
    // empty blocks pad the last sentence on some receivers
    if (!Number.isFinite(prn) || prn === 0) continue;
    const sat = nmeaSatId(prn, base.talkerSystem);
    if (!sat) r.issue(i, "satellite number");
    sats.push({
      prn,
      sat,
      el_deg: r.num(i + 1, "elevation"),
      az_deg: r.num(i + 2, "azimuth"),
      cn0_dbhz: r.num(i + 3, "SNR"),
    });
  }
  return {
    type: "GSV",
    ...base,
    sentenceCount: r.int(1, "number of sentences"),
    sentenceIndex: r.int(2, "sentence number"),
    satsInView: r.int(3, "satellites in view"),
    sats,
    signalId,
    signal: Number.isFinite(signalId) ? nmeaSignal(base.talkerSystem, signalId, table) : undefined,
  };
}

function gst(r: FieldReader, base: Base): GstSentence {
  return {
    type: "GST",
    ...base,
    timeOfDay_s: r.timeOfDay(1),
    rangeRms_m: r.num(2, "range RMS"),
    semiMajor_m: r.num(3, "semi-major sigma"),
    semiMinor_m: r.num(4, "semi-minor sigma"),
    orientation_deg: r.num(5, "orientation"),
    latSigma_m: r.num(6, "latitude sigma"),
    lonSigma_m: r.num(7, "longitude sigma"),
    altSigma_m: r.num(8, "altitude sigma"),
  };
}

function gns(r: FieldReader, base: Base): GnsSentence {
  return {
    type: "GNS",
    ...base,
    timeOfDay_s: r.timeOfDay(1),
    lat_deg: r.angle(2, "lat"),
    lon_deg: r.angle(4, "lon"),
    modes: r.str(6),
    numSats: r.int(7, "satellites used"),
    hdop: r.num(8, "HDOP"),
    altMsl_m: r.num(9, "altitude"),
    geoidSep_m: r.num(10, "geoid separation"),
    dgpsAge_s: r.num(11, "age of differential data"),
    dgpsStation: r.int(12, "reference station id"),
    navStatus: r.str(13),
  };
}

function zda(r: FieldReader, base: Base): ZdaSentence {
  const timeOfDay_s = r.timeOfDay(1);
  const day = r.int(2, "day");
  const month = r.int(3, "month");
  const year = r.int(4, "year");
  let date: ZdaSentence["date"];
  if (Number.isFinite(day) && Number.isFinite(month) && Number.isFinite(year)) {
    const d = { year, month, day };
    if (validDate(d)) date = d;
    else r.issue(2, "date");
  }
  return {
    type: "ZDA",
    ...base,
    timeOfDay_s,
    date,
    time: date && Number.isFinite(timeOfDay_s) ? utcInstant(date, timeOfDay_s) : undefined,
    zoneHours: r.int(5, "local zone hours"),
    zoneMinutes: r.int(6, "local zone minutes"),
  };
}

function vtg(r: FieldReader, base: Base): VtgSentence {
  // NMEA 2.x and earlier: $--VTG,course T,course M,knots,km/h without the unit letters
  if (r.count === 5 && r.str(2) !== "T") {
    const kn = r.num(3, "speed (knots)");
    const kmh = r.num(4, "speed (km/h)");
    return {
      type: "VTG",
      ...base,
      courseTrue_deg: r.num(1, "course (true)"),
      courseMagnetic_deg: r.num(2, "course (magnetic)"),
      speed_mps: Number.isFinite(kn) ? kn * KNOTS_TO_MPS : kmh * KMH_TO_MPS,
      mode: "",
    };
  }
  const kn = r.num(5, "speed (knots)");
  const kmh = r.num(7, "speed (km/h)");
  return {
    type: "VTG",
    ...base,
    courseTrue_deg: r.num(1, "course (true)"),
    courseMagnetic_deg: r.num(3, "course (magnetic)"),
    speed_mps: Number.isFinite(kn) ? kn * KNOTS_TO_MPS : kmh * KMH_TO_MPS,
    mode: r.str(9),
  };
}

function gll(r: FieldReader, base: Base): GllSentence {
  return {
    type: "GLL",
    ...base,
    lat_deg: r.angle(1, "lat"),
    lon_deg: r.angle(3, "lon"),
    timeOfDay_s: r.timeOfDay(5),
    status: r.str(6),
    mode: r.str(7),
  };
}
