// beidou, the library: BeiDou-first GNSS readers, orbits, corrections and positioning.
// Two tiers: friendly objects for one call (loadInputs, SppSolver) and typed-array internals for throughput.

export * from "./core/errors.js";
export { bdgimDelay_m } from "./corrections/bdgim.js";
export { satelliteGroupDelay_s } from "./corrections/group-delay.js";
export { ionoFreeCoefficients } from "./corrections/iono-free.js";
export { bdsKlobucharDelay_m } from "./corrections/klobuchar-bds.js";
export { gpsKlobucharDelay_m } from "./corrections/klobuchar-gps.js";
export { niellMapping, saastamoinenDelay_m, troposphereDelay_m } from "./corrections/troposphere.js";
export { parseRinexClock } from "./formats/clk/clk.js";
export { CrxDecoder } from "./formats/crx/crx-decoder.js";
export { classifyFile, type InputFile, readText } from "./formats/load.js";
export { parseRinexNav } from "./formats/rinex/nav.js";
export { writeRinexNav } from "./formats/rinex/nav-writer.js";
export { RinexObsDecoder } from "./formats/rinex/obs-decoder.js";
export { writeRinexObsEpoch, writeRinexObsHeader } from "./formats/rinex/obs-writer.js";
export { parseSp3 } from "./formats/sp3/sp3.js";
export { readFileLines, sniffFile } from "./formats/text/file-lines.js";
export { type ObsFile, openObsFile, readObsFile } from "./formats/text/read-obs-file.js";
export { sniffText, type TextSniff } from "./formats/text/sniff.js";
export * from "./frames/earth-rotation.js";
export * from "./frames/ellipsoid.js";
export * from "./frames/geodetic.js";
export * from "./frames/vectors.js";
export { keplerSatelliteState } from "./orbits/broadcast-kepler.js";
export type * from "./orbits/ephemeris.js";
export { EphemerisStore } from "./orbits/ephemeris-store.js";
export { glonassSatelliteState } from "./orbits/glonass.js";
export { compareBroadcastToPrecise } from "./orbits/orbit-comparison.js";
export { orbitKindOf } from "./orbits/orbit-kind.js";
export { PreciseSource } from "./orbits/precise.js";
export type * from "./orbits/precise-tables.js";
export type * from "./orbits/satellite-state.js";
export { type Dop, dopFromAzEl } from "./positioning/dop.js";
export {
  DEFAULT_SPP_OPTIONS,
  type IonoMode,
  RTKLIB_SPP_OPTIONS,
  type SppOptions,
  type TropoMode,
} from "./positioning/options.js";
export type { SatelliteResult, Solution } from "./positioning/solution.js";
export { type SolverInputs, SppSolver } from "./positioning/spp.js";
export * from "./signals/observation.js";
export * from "./signals/signal.js";
export * from "./signals/system.js";
export { type SimulationOptions, type SimulationResult, simulate } from "./sim/simulate.js";
export { writeSimulation } from "./sim/write-simulation.js";
export { type LoadedInputs, loadInputs } from "./streams/inputs.js";
export { openReceiverLog, type ReceiverLog } from "./streams/receiver-log.js";
export { nmeaSentences } from "./streams/sinks/nmea.js";
export { parsePos, posHeader, posLine } from "./streams/sinks/pos.js";
export { csvLine, jsonLine } from "./streams/sinks/table.js";
export * from "./time/instant.js";
export { leapSecondsAtGpst, leapSecondsAtUtc } from "./time/leap-seconds.js";
