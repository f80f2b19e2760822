// Decoded NMEA 0183 v4.11 sentences: a discriminated union on `type`. Units are in the names: degrees for
// latitude/longitude/angles (`_deg`, as NMEA writes them; north and east positive), metres, m/s, dB-Hz.
// An empty field is NaN (numbers) or "" (characters). Time of day is UTC seconds since midnight; sentences
// that carry a date (RMC, ZDA) also give the full UTC `time`. Field-level problems are listed in `issues`
// and the rest of the sentence is still decoded.

import type { DecodeIssue } from "../../core/errors.js";
import type { GnssSystem, SatId } from "../../signals/system.js";
import type { Instant } from "../../time/instant.js";
import type { NmeaSignal } from "./signal-ids.js";

export interface CalendarDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

interface SentenceBase {
  /** Two-letter talker ("GN", "GB", "BD", "GP", ...); "" for proprietary sentences. */
  readonly talker: string;
  /** The address field as sent, e.g. "GNGGA", "GBGSV", "PUBX", "GNGGAH". */
  readonly address: string;
  /** System named by the talker (BD and GB are both BDS); undefined for GN and unknown talkers. */
  readonly talkerSystem: GnssSystem | undefined;
  /**
   * "secondary" for the Unicore dual-antenna variants (`$GNGGAH`, `$GBGSVH`, ...: the standard fields, for
   * the second, heading antenna of UM98x receivers); "primary" otherwise.
   */
  readonly antenna: "primary" | "secondary";
  /** False when the sentence had no `*hh` checksum (accepted only on request). */
  readonly checksummed: boolean;
  /** Problems with single fields; empty when the sentence decoded cleanly. */
  readonly issues: readonly DecodeIssue[];
}

/** GGA: time, position and fix data. */
export interface GgaSentence extends SentenceBase {
  readonly type: "GGA";
  readonly timeOfDay_s: number;
  readonly lat_deg: number;
  readonly lon_deg: number;
  /** Fix quality: 0 invalid, 1 GNSS, 2 DGNSS, 3 PPS, 4 RTK fixed, 5 RTK float, 6 dead reckoning, 7 manual, 8 simulator. */
  readonly quality: number;
  readonly numSats: number;
  readonly hdop: number;
  /** Antenna altitude above mean sea level (geoid). */
  readonly altMsl_m: number;
  /** Geoid height above the ellipsoid: ellipsoidal height = altMsl_m + geoidSep_m. */
  readonly geoidSep_m: number;
  readonly dgpsAge_s: number;
  readonly dgpsStation: number;
}

/** RMC: recommended minimum data. */
export interface RmcSentence extends SentenceBase {
  readonly type: "RMC";
  readonly timeOfDay_s: number;
  /** Status field: "A" valid, "V" warning/invalid. */
  readonly status: string;
  readonly lat_deg: number;
  readonly lon_deg: number;
  readonly speed_mps: number;
  /** Course over ground, true. */
  readonly course_deg: number;
  readonly date: CalendarDate | undefined;
  /** UTC instant from the date and time fields, when both are present. */
  readonly time: Instant | undefined;
  /** Magnetic variation, east positive. */
  readonly magVar_deg: number;
  /** FAA mode indicator (NMEA 2.3+): A autonomous, D differential, E estimated, F float RTK, R RTK, N not valid... */
  readonly mode: string;
  /** Navigational status (NMEA 4.1+): S safe, C caution, U unsafe, V not valid. */
  readonly navStatus: string;
}

/** GSA: DOP and active satellites. */
export interface GsaSentence extends SentenceBase {
  readonly type: "GSA";
  /** "A" automatic 2D/3D, "M" manual. */
  readonly selection: string;
  /** 1 no fix, 2 2D, 3 3D; NaN when empty. */
  readonly fixType: number;
  /** Satellite numbers as sent (non-empty fields). */
  readonly prns: readonly number[];
  /** The same mapped to satellites (unmappable numbers are left out and reported in `issues`). */
  readonly sats: readonly SatId[];
  readonly pdop: number;
  readonly hdop: number;
  readonly vdop: number;
  /** NMEA 4.10+ GNSS System ID (field 18); NaN when absent or not an integer. */
  readonly systemId: number;
  /** System of the satellites: from the system id, else from the talker; undefined for GN without an id. */
  readonly system: GnssSystem | undefined;
}

export interface GsvSatellite {
  /** Satellite number as sent. */
  readonly prn: number;
  readonly sat: SatId | null;
  readonly el_deg: number;
  readonly az_deg: number;
  /** NaN when the satellite is not tracked (empty field). */
  readonly cn0_dbhz: number;
}

/** GSV: satellites in view, four per sentence, in a numbered sequence. */
export interface GsvSentence extends SentenceBase {
  readonly type: "GSV";
  readonly sentenceCount: number;
  readonly sentenceIndex: number;
  readonly satsInView: number;
  readonly sats: readonly GsvSatellite[];
  /** NMEA 4.10+ signal id (after the satellite blocks; hexadecimal digit); NaN when absent. */
  readonly signalId: number;
  /** The signal the id names for this talker's system (undefined for 0 = all signals, or unknown). */
  readonly signal: NmeaSignal | undefined;
}

/** GST: pseudorange error statistics (1-sigma). */
export interface GstSentence extends SentenceBase {
  readonly type: "GST";
  readonly timeOfDay_s: number;
  /** RMS of the pseudorange residuals (or standard deviation of the range inputs). */
  readonly rangeRms_m: number;
  readonly semiMajor_m: number;
  readonly semiMinor_m: number;
  /** Orientation of the semi-major axis, degrees from true north. */
  readonly orientation_deg: number;
  readonly latSigma_m: number;
  readonly lonSigma_m: number;
  readonly altSigma_m: number;
}

/** GNS: fix data with one mode character per system. */
export interface GnsSentence extends SentenceBase {
  readonly type: "GNS";
  readonly timeOfDay_s: number;
  readonly lat_deg: number;
  readonly lon_deg: number;
  /** Mode indicator string, one character per system in the order GPS, GLONASS, Galileo, BDS, QZSS, NavIC. */
  readonly modes: string;
  readonly numSats: number;
  readonly hdop: number;
  readonly altMsl_m: number;
  readonly geoidSep_m: number;
  readonly dgpsAge_s: number;
  readonly dgpsStation: number;
  readonly navStatus: string;
}

/** ZDA: UTC time and date, local zone. */
export interface ZdaSentence extends SentenceBase {
  readonly type: "ZDA";
  readonly timeOfDay_s: number;
  readonly date: CalendarDate | undefined;
  readonly time: Instant | undefined;
  readonly zoneHours: number;
  readonly zoneMinutes: number;
}

/** VTG: course and speed over ground. */
export interface VtgSentence extends SentenceBase {
  readonly type: "VTG";
  readonly courseTrue_deg: number;
  readonly courseMagnetic_deg: number;
  /** From the knots field, else the km/h field. */
  readonly speed_mps: number;
  readonly mode: string;
}

/** GLL: geographic position. */
export interface GllSentence extends SentenceBase {
  readonly type: "GLL";
  readonly lat_deg: number;
  readonly lon_deg: number;
  readonly timeOfDay_s: number;
  /** "A" valid, "V" invalid. */
  readonly status: string;
  readonly mode: string;
}

/** A well-formed sentence this decoder does not interpret (TXT, GBS, GRS, proprietary $P..., ...). */
export interface UnknownSentence extends SentenceBase {
  readonly type: "unknown";
  /** Sentence formatter ("TXT", "GBS"); for proprietary sentences the whole address. */
  readonly formatter: string;
  readonly proprietary: boolean;
  /** The data fields after the address. */
  readonly fields: readonly string[];
}

/** Not an NMEA sentence, or its checksum failed: nothing in it can be trusted. */
export interface InvalidSentence {
  readonly type: "invalid";
  readonly text: string;
  readonly issues: readonly DecodeIssue[];
}

export type NmeaSentence =
  | GgaSentence
  | RmcSentence
  | GsaSentence
  | GsvSentence
  | GstSentence
  | GnsSentence
  | ZdaSentence
  | VtgSentence
  | GllSentence
  | UnknownSentence
  | InvalidSentence;

export type NmeaSentenceType = NmeaSentence["type"];
