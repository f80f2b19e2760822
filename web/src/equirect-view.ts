// An equirectangular (plate carrée) view: a longitude/latitude box mapped linearly onto a pixel rectangle. For
// regional views the box is chosen so that one degree of longitude spans cos(latitude of the centre) of a degree
// of latitude on screen, which keeps shapes right near the track.

import type { FlatRing } from "./world-basemap.js";

export interface GeoBox {
  readonly west_deg: number;
  readonly east_deg: number;
  readonly south_deg: number;
  readonly north_deg: number;
}

export class EquirectView {
  constructor(
    readonly box: GeoBox,
    readonly x_px: number,
    readonly y_px: number,
    readonly width_px: number,
    readonly height_px: number,
  ) {}

  x(lon_deg: number): number {
    const b = this.box;
    return this.x_px + ((lon_deg - b.west_deg) / (b.east_deg - b.west_deg)) * this.width_px;
  }

  y(lat_deg: number): number {
    const b = this.box;
    return this.y_px + ((b.north_deg - lat_deg) / (b.north_deg - b.south_deg)) * this.height_px;
  }

  lon(x_px: number): number {
    const b = this.box;
    return b.west_deg + ((x_px - this.x_px) / this.width_px) * (b.east_deg - b.west_deg);
  }

  lat(y_px: number): number {
    const b = this.box;
    return b.north_deg - ((y_px - this.y_px) / this.height_px) * (b.north_deg - b.south_deg);
  }

  contains(lon_deg: number, lat_deg: number, margin = 0): boolean {
    const b = this.box;
    const mx = (b.east_deg - b.west_deg) * margin;
    const my = (b.north_deg - b.south_deg) * margin;
    return (
      lon_deg >= b.west_deg + mx &&
      lon_deg <= b.east_deg - mx &&
      lat_deg >= b.south_deg + my &&
      lat_deg <= b.north_deg - my
    );
  }

  /** Adds the rings as subpaths of the context's current path. */
  traceRings(ctx: CanvasRenderingContext2D, rings: readonly FlatRing[], close: boolean): void {
    for (const r of rings) {
      if (r.length < 4) continue;
      ctx.moveTo(this.x(r[0] as number), this.y(r[1] as number));
      for (let i = 2; i < r.length; i += 2) ctx.lineTo(this.x(r[i] as number), this.y(r[i + 1] as number));
      if (close) ctx.closePath();
    }
  }
}

export const WORLD_BOX: GeoBox = { west_deg: -180, east_deg: 180, south_deg: -90, north_deg: 90 };

/**
 * The box around [lon, lat] bounds (with 20% margin and at least `minSpanLat_deg` of latitude) whose shape fits a
 * width x height pixel rectangle at the aspect of the centre's latitude.
 */
export function fitBox(
  west_deg: number,
  east_deg: number,
  south_deg: number,
  north_deg: number,
  width_px: number,
  height_px: number,
  minSpanLat_deg: number,
): GeoBox {
  const latC = (south_deg + north_deg) / 2;
  const lonC = (west_deg + east_deg) / 2;
  const cosLat = Math.max(0.15, Math.cos((latC * Math.PI) / 180));
  let spanLat = Math.max(minSpanLat_deg, (north_deg - south_deg) * 1.4);
  let spanLon = Math.max(((east_deg - west_deg) * 1.4) / 1, 0);
  // match the pixel aspect: spanLon * cosLat / spanLat = width / height
  const aspect = width_px / Math.max(1, height_px);
  if (spanLon * cosLat < spanLat * aspect) spanLon = (spanLat * aspect) / cosLat;
  else spanLat = (spanLon * cosLat) / aspect;
  if (spanLat > 180) {
    spanLat = 180;
    spanLon = Math.min(360, (spanLat * aspect) / cosLat);
  }
  const south = Math.max(-90, Math.min(90 - spanLat, latC - spanLat / 2));
  return {
    west_deg: lonC - spanLon / 2,
    east_deg: lonC + spanLon / 2,
    south_deg: south,
    north_deg: south + spanLat,
  };
}
