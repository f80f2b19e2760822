// beidou, the library: BeiDou-first GNSS readers, orbits, corrections and positioning.
// Two tiers: friendly objects for one call (loadInputs, SppSolver) and typed-array internals for throughput.

export * from "./core/errors.js";
export { bdgimDelay_m } from "./corrections/bdgim.js";
export { satelliteGroupDelay_s } from "./corrections/group-delay.js";
export { ionoFreeCoefficients } from "./corrections/iono-free.js";
export { bdsKlobucharDelay_m } from "./corrections/klobuchar-bds.js";
export { gpsKlobucharDelay_m } from "./corrections/klobuchar-gps.js";
export { niellMapping, saastamoinenDelay_m, troposphereDelay_m } from "./corrections/troposphere.js";
export { coverageJson, toCoverageJson } from "./coverage/coverage-json.js";
export { type CoverageRun, type CoverageRunOptions, runCoverage } from "./coverage/run-coverage.js";
export { parseRinexClock } from "./formats/clk/clk.js";
export { CrxDecoder } from "./formats/crx/crx-decoder.js";
export type { Frame, Framer, FrameStats, Protocol } from "./formats/framing.js";
export { classifyFile, type InputFile, readText } from "./formats/load.js";
export { MixedStreamSplitter } from "./formats/mixed/splitter.js";
export { FixAssembler } from "./formats/nmea/fix-assembler.js";
export { NmeaFramer } from "./formats/nmea/framer.js";
export { parseNmea } from "./formats/nmea/parse.js";
export { SkyView } from "./formats/nmea/sky-view.js";
export { parseRinexNav } from "./formats/rinex/nav.js";
export { writeRinexNav } from "./formats/rinex/nav-writer.js";
export { RinexObsDecoder } from "./formats/rinex/obs-decoder.js";
export { writeRinexObsEpoch, writeRinexObsHeader } from "./formats/rinex/obs-writer.js";
export { decodeRtcm3, type Rtcm3Message } from "./formats/rtcm3/decode.js";
export { encodeRtcm3, frameRtcm3 } from "./formats/rtcm3/encode.js";
export { Rtcm3Framer } from "./formats/rtcm3/framer.js";
export { MsmEpochAssembler } from "./formats/rtcm3/msm-assembler.js";
export { MsmEncoderState } from "./formats/rtcm3/msm-encode.js";
export { decodeRtcm3Stream, Rtcm3StreamDecoder } from "./formats/rtcm3/stream-decoder.js";
export { parseSp3 } from "./formats/sp3/sp3.js";
export { readFileLines, sniffFile } from "./formats/text/file-lines.js";
export { type ObsFile, openObsFile, readObsFile } from "./formats/text/read-obs-file.js";
export { sniffText, type TextSniff } from "./formats/text/sniff.js";
export { RawxEpochAssembler } from "./formats/ubx/rawx-epoch-assembler.js";
export { UbxFramer } from "./formats/ubx/ubx-framer.js";
export { decodeUbx, type UbxMessage } from "./formats/ubx/ubx-messages.js";
export * from "./frames/earth-rotation.js";
export * from "./frames/ellipsoid.js";
export * from "./frames/geodetic.js";
export * from "./frames/vectors.js";
export { NavMessageDecoder, navigationDataFrom } from "./nav/nav-message-decoder.js";
export { keplerSatelliteState } from "./orbits/broadcast-kepler.js";
export type * from "./orbits/ephemeris.js";
export { EphemerisStore } from "./orbits/ephemeris-store.js";
export { glonassSatelliteState } from "./orbits/glonass.js";
export { compareBroadcastToPrecise } from "./orbits/orbit-comparison.js";
export { orbitKindOf } from "./orbits/orbit-kind.js";
export { PreciseSource } from "./orbits/precise.js";
export type * from "./orbits/precise-tables.js";
export type * from "./orbits/satellite-state.js";
export { bootstrapSuccessRate, lambda } from "./positioning/ambiguity/lambda.js";
export { type AmbiguityFix, resolveAmbiguities } from "./positioning/ambiguity/resolve.js";
export { type Dop, dopFromAzEl } from "./positioning/dop.js";
export {
  DEFAULT_SPP_OPTIONS,
  type IonoMode,
  RTKLIB_SPP_OPTIONS,
  type SppOptions,
  type TropoMode,
} from "./positioning/options.js";
export { pairEpochs } from "./positioning/rtk/pair-epochs.js";
export { type RtkInputs, type RtkSolution, RtkSolver } from "./positioning/rtk/rtk.js";
export {
  type ArMode,
  DEFAULT_RTK_OPTIONS,
  RTKLIB_RTK_OPTIONS,
  type RtkMode,
  type RtkOptions,
} from "./positioning/rtk/rtk-options.js";
export type { SatelliteResult, Solution } from "./positioning/solution.js";
export { type SolverInputs, SppSolver } from "./positioning/spp.js";
export { svgToPng } from "./report/png.js";
export { readSolutionFile } from "./report/read-solution-file.js";
export { plotSolution } from "./report/solution-plot.js";
export type { CoverageJson, LiveEpoch, LiveEvent, LiveHello } from "./serve/live-protocol.js";
export * from "./signals/observation.js";
export * from "./signals/signal.js";
export * from "./signals/system.js";
export { type RtkPairOptions, type RtkPairResult, simulateRtkPair } from "./sim/rtk-pair.js";
export { type SimulationOptions, type SimulationResult, simulate } from "./sim/simulate.js";
export { writeRtkPair } from "./sim/write-rtk-pair.js";
export { writeSimulation } from "./sim/write-simulation.js";
export { StreamEngine } from "./streams/engine/stream-engine.js";
export { type LoadedInputs, loadInputs } from "./streams/inputs.js";
export { NtripCaster } from "./streams/ntrip/ntrip-caster.js";
export { NtripClientSource } from "./streams/ntrip/ntrip-client.js";
export { openReceiverLog, type ReceiverLog } from "./streams/receiver-log.js";
export { nmeaSentences } from "./streams/sinks/nmea.js";
export { parsePos, posHeader, posLine } from "./streams/sinks/pos.js";
export { csvLine, jsonLine } from "./streams/sinks/table.js";
export * from "./time/instant.js";
export { leapSecondsAtGpst, leapSecondsAtUtc } from "./time/leap-seconds.js";
