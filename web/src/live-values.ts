// The header values of the live view (time, status, satellites used, DOP, position, counters, latency) and the
// solution/integrity panel (mode, chi-square test, excluded satellites, RTK ratio, solver message, reasons).

import type { LiveState } from "./live-state.js";
import { satelliteOrder } from "./system-style.js";
import { byTestId, TextSlot } from "./text-slot.js";

const fmt = (v: number | null | undefined, digits: number) =>
  v === null || v === undefined || !Number.isFinite(v) ? "—" : v.toFixed(digits);

export class LiveValues {
  private readonly slots: Record<string, TextSlot> = {};

  constructor(root: ParentNode) {
    for (const id of [
      "epoch-time",
      "status",
      "sats-used",
      "pdop",
      "hdop",
      "position",
      "epochs-received",
      "epochs-dropped",
      "latency",
      "connection",
      "source",
      "mode",
      "chi-square",
      "excluded",
      "rtk-ratio",
      "solver-message",
      "not-used",
    ])
      this.slots[id] = new TextSlot(byTestId(root, id));
  }

  private slot(id: string): TextSlot {
    return this.slots[id] as TextSlot;
  }

  draw(state: LiveState): void {
    const c = state.counters;
    this.slot("connection").set(c.connection, { "data-state": c.connection });
    const hello = state.hello;
    this.slot("source").set(hello ? `${hello.source}${hello.speed !== 1 ? ` · ×${hello.speed}` : ""}` : "");
    this.slot("epochs-received").set(String(c.epochsReceived));
    this.slot("epochs-dropped").set(String(c.dropped));
    const ep = state.latest;
    if (!ep) return;
    this.slot("epoch-time").set(ep.time);
    this.slot("status").set(ep.status, { "data-status": ep.status });
    this.slot("sats-used").set(String(ep.nsUsed));
    this.slot("pdop").set(fmt(ep.dop.pdop, 2));
    this.slot("hdop").set(fmt(ep.dop.hdop, 2));
    this.slot("position").set(
      ep.lat_deg === null || ep.lon_deg === null
        ? "no fix"
        : `${ep.lat_deg.toFixed(7)}°, ${ep.lon_deg.toFixed(7)}°, ${fmt(ep.h_m, 2)} m`,
    );
    this.slot("latency").set(`${fmt(ep.latency_ms, 1)} ms`);
    this.slot("mode").set(ep.status, { "data-status": ep.status });
    const integ = ep.integrity;
    this.slot("chi-square").set(integ.chiSquare, { "data-result": integ.chiSquare });
    this.slot("excluded").set(
      integ.excluded.length ? [...integ.excluded].sort(satelliteOrder).join(" ") : "none",
    );
    this.slot("rtk-ratio").set(integ.ratio === undefined ? "—" : fmt(integ.ratio, 2));
    this.slot("solver-message").set(integ.message ?? "—");
    const reasons = new Map<string, string[]>();
    for (const s of ep.satellites) {
      if (s.used) continue;
      const r = s.reason ?? "not used";
      const list = reasons.get(r);
      if (list) list.push(s.sat);
      else reasons.set(r, [s.sat]);
    }
    const parts: string[] = [];
    for (const [r, sats] of reasons) parts.push(`${r}: ${sats.sort(satelliteOrder).join(" ")}`);
    this.slot("not-used").set(parts.length ? parts.join(" · ") : "—");
  }
}
