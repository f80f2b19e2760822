// UBX message payloads -> records. u-blox F9 HPG 1.13 Interface Description (UBX-22008968) §3.15
// (UBX-NAV-PVT 0x01 0x07, UBX-NAV-POSECEF 0x01 0x01, UBX-NAV-SAT 0x01 0x35, UBX-NAV-SIG 0x01 0x43) and §3.17
// (UBX-RXM-RAWX 0x02 0x15, UBX-RXM-SFRBX 0x02 0x13). Field names follow the Interface Description with a
// unit suffix; values are scaled to the unit at decode time.
//
// decodeUbx never throws: a payload shorter than its message needs gives `{kind: "malformed"}`, a class/id
// beidou does not decode gives `{kind: "unknown"}`.

import type { Geodetic } from "../../frames/vectors.js";
import { fromCalendar, type Instant } from "../../time/instant.js";
import type { Frame } from "../framing.js";
import { UBX_HEADER_BYTES } from "./ubx-framer.js";

const DEG_TO_RAD = Math.PI / 180;

/** UBX-NAV-PVT: navigation position, velocity and time solution (92 bytes). */
export interface UbxNavPvt {
  readonly kind: "NAV-PVT";
  readonly offset: number;
  /** GPS time of week of the navigation epoch (ms). */
  readonly iTOW_ms: number;
  /** UTC date and time as sent (year, month, day, hour, min, sec, nano). */
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly min: number;
  readonly sec: number;
  /** Fraction of second, -1e9..1e9 (ns). */
  readonly nano_ns: number;
  /** UTC instant (date, time and nano), undefined unless both validDate and validTime are set. */
  readonly utc: Instant | undefined;
  readonly validDate: boolean;
  readonly validTime: boolean;
  readonly fullyResolved: boolean;
  readonly validMag: boolean;
  readonly confirmedAvai: boolean;
  readonly confirmedDate: boolean;
  readonly confirmedTime: boolean;
  /** Time accuracy estimate (s). */
  readonly tAcc_s: number;
  /** 0 no fix, 1 dead reckoning, 2 2D, 3 3D, 4 GNSS + dead reckoning, 5 time only. */
  readonly fixType: number;
  readonly gnssFixOK: boolean;
  readonly diffSoln: boolean;
  readonly psmState: number;
  readonly headVehValid: boolean;
  /** 0 none, 1 RTK float, 2 RTK fixed. */
  readonly carrSoln: number;
  readonly numSV: number;
  readonly lon_deg: number;
  readonly lat_deg: number;
  /** Height above the ellipsoid (m). */
  readonly height_m: number;
  /** Height above mean sea level (m). */
  readonly hMSL_m: number;
  /** lat/lon (rad) and ellipsoidal height (m), for the frames module. */
  readonly position: Geodetic;
  readonly hAcc_m: number;
  readonly vAcc_m: number;
  readonly velN_mps: number;
  readonly velE_mps: number;
  readonly velD_mps: number;
  readonly gSpeed_mps: number;
  /** Heading of motion (deg). */
  readonly headMot_deg: number;
  readonly sAcc_mps: number;
  readonly headAcc_deg: number;
  readonly pDOP: number;
  readonly invalidLlh: boolean;
  /** Age of the most recent differential correction, class 0..12 (see the Interface Description). */
  readonly lastCorrectionAge: number;
  /** Heading of vehicle (deg); meaningful only when headVehValid. */
  readonly headVeh_deg: number;
  readonly magDec_deg: number;
  readonly magAcc_deg: number;
}

/** UBX-NAV-POSECEF: position solution in ECEF (20 bytes). */
export interface UbxNavPosEcef {
  readonly kind: "NAV-POSECEF";
  readonly offset: number;
  readonly iTOW_ms: number;
  readonly ecefX_m: number;
  readonly ecefY_m: number;
  readonly ecefZ_m: number;
  readonly pAcc_m: number;
}

/** One satellite of UBX-NAV-SAT. */
export interface UbxNavSatSv {
  readonly gnssId: number;
  readonly svId: number;
  readonly cno_dbhz: number;
  /** Elevation (deg, -90..90); NaN when unknown (the receiver sends -91..-128 / out-of-range values rarely). */
  readonly elev_deg: number;
  readonly azim_deg: number;
  /** Pseudorange residual (m). */
  readonly prRes_m: number;
  /** Raw flags word (X4). */
  readonly flags: number;
  /** 0 no signal, 1 searching, 2 acquired, 3 unusable, 4 code locked, 5-7 code and carrier locked. */
  readonly qualityInd: number;
  readonly svUsed: boolean;
  /** 0 unknown, 1 healthy, 2 unhealthy. */
  readonly health: number;
  readonly diffCorr: boolean;
  readonly smoothed: boolean;
  /** 0 none, 1 ephemeris, 2 almanac, 3 AssistNow Offline, 4 AssistNow Autonomous, 5-7 other. */
  readonly orbitSource: number;
  readonly ephAvail: boolean;
  readonly almAvail: boolean;
}

/** UBX-NAV-SAT: satellite information (8 + 12 * numSvs bytes). */
export interface UbxNavSat {
  readonly kind: "NAV-SAT";
  readonly offset: number;
  readonly iTOW_ms: number;
  readonly version: number;
  readonly svs: readonly UbxNavSatSv[];
}

/** One signal of UBX-NAV-SIG. */
export interface UbxNavSigSignal {
  readonly gnssId: number;
  readonly svId: number;
  readonly sigId: number;
  /** GLONASS frequency slot + 7 (0..13); 0 for other systems. */
  readonly freqId: number;
  readonly prRes_m: number;
  readonly cno_dbhz: number;
  /** As NAV-SAT qualityInd. */
  readonly qualityInd: number;
  /** 0 none, 1 SBAS, 2 BeiDou, 3 RTCM2, 4 RTCM3 OSR, 5 RTCM3 SSR, 6 QZSS SLAS, 7 SPARTN, 8 CLAS. */
  readonly corrSource: number;
  /** 0 none, 1 Klobuchar GPS, 2 SBAS, 3 Klobuchar BeiDou, 8 dual-frequency estimate. */
  readonly ionoModel: number;
  /** Raw sigFlags (X2). */
  readonly sigFlags: number;
  /** 0 unknown, 1 healthy, 2 unhealthy. */
  readonly health: number;
  readonly prSmoothed: boolean;
  readonly prUsed: boolean;
  readonly crUsed: boolean;
  readonly doUsed: boolean;
  readonly prCorrUsed: boolean;
  readonly crCorrUsed: boolean;
  readonly doCorrUsed: boolean;
}

/** UBX-NAV-SIG: signal information (8 + 16 * numSigs bytes). */
export interface UbxNavSig {
  readonly kind: "NAV-SIG";
  readonly offset: number;
  readonly iTOW_ms: number;
  readonly version: number;
  readonly signals: readonly UbxNavSigSignal[];
}

/**
 * UBX-RXM-RAWX: raw measurements of one receiver epoch (16 + 32 * numMeas bytes), one typed array per
 * field (index = measurement).
 */
export interface UbxRxmRawx {
  readonly kind: "RXM-RAWX";
  readonly offset: number;
  /** Receiver time of week (s), GPS time. */
  readonly rcvTow_s: number;
  /** GPS week of rcvTow. */
  readonly week: number;
  /** GPS - UTC leap seconds as the receiver knows them (s). */
  readonly leapS_s: number;
  readonly numMeas: number;
  /** Raw recStat (X1): bit 0 leapSec (leap seconds determined), bit 1 clkReset. */
  readonly recStat: number;
  readonly leapSecKnown: boolean;
  readonly clkReset: boolean;
  /** Message version: 0 (u-blox 8, no sigId) or 1. */
  readonly version: number;
  readonly prMes_m: Float64Array;
  readonly cpMes_cyc: Float64Array;
  /** Doppler (Hz), positive for approaching satellites; an R4 field kept at float precision. */
  readonly doMes_hz: Float64Array;
  readonly gnssId: Uint8Array;
  readonly svId: Uint8Array;
  readonly sigId: Uint8Array;
  readonly freqId: Uint8Array;
  /** Carrier phase locktime (ms), saturating at 64500. */
  readonly locktime_ms: Uint16Array;
  readonly cno_dbhz: Uint8Array;
  /** Pseudorange standard deviation 0.01 * 2^n (m). */
  readonly prStdev_m: Float64Array;
  /** Carrier phase standard deviation 0.004 * n (cycles). */
  readonly cpStdev_cyc: Float64Array;
  /** Doppler standard deviation 0.002 * 2^n (Hz). */
  readonly doStdev_hz: Float64Array;
  /** Raw trkStat (X1): bit 0 prValid, 1 cpValid, 2 halfCyc (half cycle valid), 3 subHalfCyc (half cycle subtracted). */
  readonly trkStat: Uint8Array;
}

/** trkStat bits of RXM-RAWX. */
export const TRK_PR_VALID = 1;
export const TRK_CP_VALID = 2;
export const TRK_HALF_CYC = 4;
export const TRK_SUB_HALF_CYC = 8;

/**
 * UBX-RXM-SFRBX: one broadcast navigation data subframe / page / message as the receiver received it.
 * The record the navigation-message decoders (src/nav/) consume.
 */
export interface UbxSfrbx {
  readonly kind: "RXM-SFRBX";
  /** Byte offset of the frame in the stream. */
  readonly offset: number;
  readonly gnssId: number;
  readonly svId: number;
  /** Signal (see ubx-signals.ts); 0 in version-1 messages of old receivers. */
  readonly sigId: number;
  /** GLONASS frequency slot + 7; 0 for other systems. */
  readonly freqId: number;
  /** Receiver channel the data came from. */
  readonly chn: number;
  /** Message version (2 on F9 and X20). */
  readonly version: number;
  /** The data words, each as sent (U4, little-endian); layout per system in the Interface Description §3.11. */
  readonly words: Uint32Array;
}

/** A class/id beidou does not decode. */
export interface UbxUnknown {
  readonly kind: "unknown";
  readonly offset: number;
  readonly cls: number;
  readonly id: number;
  readonly length: number;
}

/** A known message whose payload length does not fit its layout. */
export interface UbxMalformed {
  readonly kind: "malformed";
  readonly offset: number;
  readonly cls: number;
  readonly id: number;
  readonly name: string;
  readonly length: number;
  readonly message: string;
}

export type UbxMessage =
  | UbxNavPvt
  | UbxNavPosEcef
  | UbxNavSat
  | UbxNavSig
  | UbxRxmRawx
  | UbxSfrbx
  | UbxUnknown
  | UbxMalformed;

/** Names of the messages decodeUbx decodes, by class << 8 | id. */
export const UBX_MESSAGE_NAMES: ReadonlyMap<number, string> = new Map([
  [0x0107, "NAV-PVT"],
  [0x0101, "NAV-POSECEF"],
  [0x0135, "NAV-SAT"],
  [0x0143, "NAV-SIG"],
  [0x0215, "RXM-RAWX"],
  [0x0213, "RXM-SFRBX"],
]);

/** "NAV-PVT", "RXM-RAWX", ... or "0xCC-0xII" for others. */
export function ubxMessageName(cls: number, id: number): string {
  return (
    UBX_MESSAGE_NAMES.get((cls << 8) | id) ??
    `0x${cls.toString(16).padStart(2, "0").toUpperCase()}-0x${id.toString(16).padStart(2, "0").toUpperCase()}`
  );
}

/**
 * Decodes one UBX frame (as a framer delivers it: sync bytes to checksum, checksum already verified).
 * A bare Uint8Array is taken as a whole frame at offset 0.
 */
export function decodeUbx(frame: Frame | Uint8Array): UbxMessage {
  const bytes = frame instanceof Uint8Array ? frame : frame.bytes;
  const offset = frame instanceof Uint8Array ? 0 : frame.offset;
  if (bytes.length < UBX_HEADER_BYTES) {
    return {
      kind: "malformed",
      offset,
      cls: -1,
      id: -1,
      name: "?",
      length: 0,
      message: "shorter than a UBX header",
    };
  }
  const cls = bytes[2];
  const id = bytes[3];
  const length = bytes[4] | (bytes[5] << 8);
  const avail = Math.min(length, bytes.length - UBX_HEADER_BYTES);
  const dv = new DataView(bytes.buffer, bytes.byteOffset + UBX_HEADER_BYTES, Math.max(0, avail));
  const bad = (message: string): UbxMalformed => ({
    kind: "malformed",
    offset,
    cls,
    id,
    name: ubxMessageName(cls, id),
    length,
    message,
  });
  if (avail < length) return bad(`payload cut: ${avail} of ${length} bytes`);
  switch ((cls << 8) | id) {
    case 0x0107:
      return length < 92 ? bad(`NAV-PVT needs 92 bytes, has ${length}`) : decodeNavPvt(dv, offset);
    case 0x0101:
      return length < 20 ? bad(`NAV-POSECEF needs 20 bytes, has ${length}`) : decodeNavPosEcef(dv, offset);
    case 0x0135: {
      if (length < 8) return bad(`NAV-SAT needs 8 bytes, has ${length}`);
      const n = dv.getUint8(5);
      if (length < 8 + 12 * n)
        return bad(`NAV-SAT with ${n} satellites needs ${8 + 12 * n} bytes, has ${length}`);
      return decodeNavSat(dv, offset, n);
    }
    case 0x0143: {
      if (length < 8) return bad(`NAV-SIG needs 8 bytes, has ${length}`);
      const n = dv.getUint8(5);
      if (length < 8 + 16 * n)
        return bad(`NAV-SIG with ${n} signals needs ${8 + 16 * n} bytes, has ${length}`);
      return decodeNavSig(dv, offset, n);
    }
    case 0x0215: {
      if (length < 16) return bad(`RXM-RAWX needs 16 bytes, has ${length}`);
      const n = dv.getUint8(11);
      if (length < 16 + 32 * n)
        return bad(`RXM-RAWX with ${n} measurements needs ${16 + 32 * n} bytes, has ${length}`);
      return decodeRxmRawx(dv, offset, n);
    }
    case 0x0213: {
      if (length < 8) return bad(`RXM-SFRBX needs 8 bytes, has ${length}`);
      const n = dv.getUint8(4);
      if (length < 8 + 4 * n) return bad(`RXM-SFRBX with ${n} words needs ${8 + 4 * n} bytes, has ${length}`);
      return decodeRxmSfrbx(dv, offset, n);
    }
    default:
      return { kind: "unknown", offset, cls, id, length };
  }
}

function decodeNavPvt(dv: DataView, offset: number): UbxNavPvt {
  const valid = dv.getUint8(11);
  const flags = dv.getUint8(21);
  const flags2 = dv.getUint8(22);
  const flags3 = dv.getUint16(78, true);
  const year = dv.getUint16(4, true);
  const month = dv.getUint8(6);
  const day = dv.getUint8(7);
  const hour = dv.getUint8(8);
  const min = dv.getUint8(9);
  const sec = dv.getUint8(10);
  const nano = dv.getInt32(16, true);
  const validDate = (valid & 1) !== 0;
  const validTime = (valid & 2) !== 0;
  const lon_deg = dv.getInt32(24, true) * 1e-7;
  const lat_deg = dv.getInt32(28, true) * 1e-7;
  const height_m = dv.getInt32(32, true) * 1e-3;
  return {
    kind: "NAV-PVT",
    offset,
    iTOW_ms: dv.getUint32(0, true),
    year,
    month,
    day,
    hour,
    min,
    sec,
    nano_ns: nano,
    utc:
      validDate && validTime && month >= 1 && month <= 12 && day >= 1 && day <= 31
        ? fromCalendar("UTC", { year, month, day, hour, minute: min, second: sec + nano * 1e-9 })
        : undefined,
    validDate,
    validTime,
    fullyResolved: (valid & 4) !== 0,
    validMag: (valid & 8) !== 0,
    confirmedAvai: (flags2 & 0x20) !== 0,
    confirmedDate: (flags2 & 0x40) !== 0,
    confirmedTime: (flags2 & 0x80) !== 0,
    tAcc_s: dv.getUint32(12, true) * 1e-9,
    fixType: dv.getUint8(20),
    gnssFixOK: (flags & 1) !== 0,
    diffSoln: (flags & 2) !== 0,
    psmState: (flags >>> 2) & 7,
    headVehValid: (flags & 0x20) !== 0,
    carrSoln: (flags >>> 6) & 3,
    numSV: dv.getUint8(23),
    lon_deg,
    lat_deg,
    height_m,
    hMSL_m: dv.getInt32(36, true) * 1e-3,
    position: { lat_rad: lat_deg * DEG_TO_RAD, lon_rad: lon_deg * DEG_TO_RAD, h_m: height_m },
    hAcc_m: dv.getUint32(40, true) * 1e-3,
    vAcc_m: dv.getUint32(44, true) * 1e-3,
    velN_mps: dv.getInt32(48, true) * 1e-3,
    velE_mps: dv.getInt32(52, true) * 1e-3,
    velD_mps: dv.getInt32(56, true) * 1e-3,
    gSpeed_mps: dv.getInt32(60, true) * 1e-3,
    headMot_deg: dv.getInt32(64, true) * 1e-5,
    sAcc_mps: dv.getUint32(68, true) * 1e-3,
    headAcc_deg: dv.getUint32(72, true) * 1e-5,
    pDOP: dv.getUint16(76, true) * 0.01,
    invalidLlh: (flags3 & 1) !== 0,
    lastCorrectionAge: (flags3 >>> 1) & 0xf,
    headVeh_deg: dv.getInt32(84, true) * 1e-5,
    magDec_deg: dv.getInt16(88, true) * 1e-2,
    magAcc_deg: dv.getUint16(90, true) * 1e-2,
  };
}

function decodeNavPosEcef(dv: DataView, offset: number): UbxNavPosEcef {
  return {
    kind: "NAV-POSECEF",
    offset,
    iTOW_ms: dv.getUint32(0, true),
    ecefX_m: dv.getInt32(4, true) * 1e-2,
    ecefY_m: dv.getInt32(8, true) * 1e-2,
    ecefZ_m: dv.getInt32(12, true) * 1e-2,
    pAcc_m: dv.getUint32(16, true) * 1e-2,
  };
}

function decodeNavSat(dv: DataView, offset: number, n: number): UbxNavSat {
  const svs: UbxNavSatSv[] = new Array(n);
  for (let k = 0, p = 8; k < n; k++, p += 12) {
    const flags = dv.getUint32(p + 8, true);
    const elev = dv.getInt8(p + 3);
    svs[k] = {
      gnssId: dv.getUint8(p),
      svId: dv.getUint8(p + 1),
      cno_dbhz: dv.getUint8(p + 2),
      elev_deg: elev < -90 ? Number.NaN : elev,
      azim_deg: dv.getInt16(p + 4, true),
      prRes_m: dv.getInt16(p + 6, true) * 0.1,
      flags,
      qualityInd: flags & 7,
      svUsed: (flags & 8) !== 0,
      health: (flags >>> 4) & 3,
      diffCorr: (flags & 0x40) !== 0,
      smoothed: (flags & 0x80) !== 0,
      orbitSource: (flags >>> 8) & 7,
      ephAvail: (flags & 0x800) !== 0,
      almAvail: (flags & 0x1000) !== 0,
    };
  }
  return { kind: "NAV-SAT", offset, iTOW_ms: dv.getUint32(0, true), version: dv.getUint8(4), svs };
}

function decodeNavSig(dv: DataView, offset: number, n: number): UbxNavSig {
  const signals: UbxNavSigSignal[] = new Array(n);
  for (let k = 0, p = 8; k < n; k++, p += 16) {
    const f = dv.getUint16(p + 10, true);
    signals[k] = {
      gnssId: dv.getUint8(p),
      svId: dv.getUint8(p + 1),
      sigId: dv.getUint8(p + 2),
      freqId: dv.getUint8(p + 3),
      prRes_m: dv.getInt16(p + 4, true) * 0.1,
      cno_dbhz: dv.getUint8(p + 6),
      qualityInd: dv.getUint8(p + 7),
      corrSource: dv.getUint8(p + 8),
      ionoModel: dv.getUint8(p + 9),
      sigFlags: f,
      health: f & 3,
      prSmoothed: (f & 4) !== 0,
      prUsed: (f & 8) !== 0,
      crUsed: (f & 0x10) !== 0,
      doUsed: (f & 0x20) !== 0,
      prCorrUsed: (f & 0x40) !== 0,
      crCorrUsed: (f & 0x80) !== 0,
      doCorrUsed: (f & 0x100) !== 0,
    };
  }
  return { kind: "NAV-SIG", offset, iTOW_ms: dv.getUint32(0, true), version: dv.getUint8(4), signals };
}

function decodeRxmRawx(dv: DataView, offset: number, n: number): UbxRxmRawx {
  const prMes_m = new Float64Array(n);
  const cpMes_cyc = new Float64Array(n);
  const doMes_hz = new Float64Array(n);
  const prStdev_m = new Float64Array(n);
  const cpStdev_cyc = new Float64Array(n);
  const doStdev_hz = new Float64Array(n);
  const locktime_ms = new Uint16Array(n);
  const bytes8 = new Uint8Array(6 * n);
  const gnssId = bytes8.subarray(0, n);
  const svId = bytes8.subarray(n, 2 * n);
  const sigId = bytes8.subarray(2 * n, 3 * n);
  const freqId = bytes8.subarray(3 * n, 4 * n);
  const cno_dbhz = bytes8.subarray(4 * n, 5 * n);
  const trkStat = bytes8.subarray(5 * n, 6 * n);
  const version = dv.getUint8(13);
  for (let k = 0, p = 16; k < n; k++, p += 32) {
    prMes_m[k] = dv.getFloat64(p, true);
    cpMes_cyc[k] = dv.getFloat64(p + 8, true);
    doMes_hz[k] = dv.getFloat32(p + 16, true);
    gnssId[k] = dv.getUint8(p + 20);
    svId[k] = dv.getUint8(p + 21);
    sigId[k] = version >= 1 ? dv.getUint8(p + 22) : 0;
    freqId[k] = dv.getUint8(p + 23);
    locktime_ms[k] = dv.getUint16(p + 24, true);
    cno_dbhz[k] = dv.getUint8(p + 26);
    prStdev_m[k] = 0.01 * 2 ** (dv.getUint8(p + 27) & 15);
    cpStdev_cyc[k] = 0.004 * (dv.getUint8(p + 28) & 15);
    doStdev_hz[k] = 0.002 * 2 ** (dv.getUint8(p + 29) & 15);
    trkStat[k] = dv.getUint8(p + 30);
  }
  const recStat = dv.getUint8(12);
  return {
    kind: "RXM-RAWX",
    offset,
    rcvTow_s: dv.getFloat64(0, true),
    week: dv.getUint16(8, true),
    leapS_s: dv.getInt8(10),
    numMeas: n,
    recStat,
    leapSecKnown: (recStat & 1) !== 0,
    clkReset: (recStat & 2) !== 0,
    version,
    prMes_m,
    cpMes_cyc,
    doMes_hz,
    gnssId,
    svId,
    sigId,
    freqId,
    locktime_ms,
    cno_dbhz,
    prStdev_m,
    cpStdev_cyc,
    doStdev_hz,
    trkStat,
  };
}

function decodeRxmSfrbx(dv: DataView, offset: number, n: number): UbxSfrbx {
  const words = new Uint32Array(n);
  for (let k = 0; k < n; k++) words[k] = dv.getUint32(8 + 4 * k, true);
  return {
    kind: "RXM-SFRBX",
    offset,
    gnssId: dv.getUint8(0),
    svId: dv.getUint8(1),
    sigId: dv.getUint8(2),
    freqId: dv.getUint8(3),
    chn: dv.getUint8(5),
    version: dv.getUint8(6),
    words,
  };
}
