import { boxesIntersect } from '../../domain/map/tile-math.ts';

type Box = readonly [number, number, number, number];

export interface CachedTile {
	body: Uint8Array;
	etag: string;
}

interface Entry extends CachedTile {
	layer: string;
	/** The tile's envelope in EPSG:3857 metres, widened by the encoder's buffer. */
	box: Box;
}

/** What changed, as the database reports it: a layer, and for customers the extent (3857). */
export interface MapChange {
	layer: string;
	extent?: Box;
}

/**
 * Tiles recently built, in least-recently-used order, bounded by bytes. A change drops the
 * tiles of its layer that intersect its extent (or the whole layer without one). A tile whose
 * query started before a change to its layer is not stored, since it may predate the change.
 */
export class TileCache {
	private entries = new Map<string, Entry>();
	private bytes = 0;
	private generation = new Map<string, number>();
	// Bumped by clear(): tiles whose queries straddle it are not stored, whatever their layer.
	private epoch = 0;

	constructor(private readonly maxBytes: number) {}

	get size(): number {
		return this.entries.size;
	}

	get(key: string): CachedTile | undefined {
		const entry = this.entries.get(key);
		if (!entry) return undefined;
		// Re-insert so Map order stays least- to most-recently used.
		this.entries.delete(key);
		this.entries.set(key, entry);
		return entry;
	}

	/** A token to pass back to `set`, taken before the tile's query runs. */
	ticket(layer: string): string {
		return `${this.epoch}/${this.generation.get(layer) ?? 0}`;
	}

	set(key: string, layer: string, box: Box, tile: CachedTile, ticket: string): void {
		if (ticket !== this.ticket(layer) || tile.body.byteLength > this.maxBytes / 8) return;
		this.remove(key);
		this.entries.set(key, { ...tile, layer, box });
		this.bytes += tile.body.byteLength;
		for (const [oldest, entry] of this.entries) {
			if (this.bytes <= this.maxBytes) break;
			this.bytes -= entry.body.byteLength;
			this.entries.delete(oldest);
		}
	}

	invalidate(change: MapChange): void {
		this.generation.set(change.layer, (this.generation.get(change.layer) ?? 0) + 1);
		for (const [key, entry] of this.entries)
			if (
				entry.layer === change.layer &&
				(!change.extent || boxesIntersect(entry.box, change.extent))
			)
				this.remove(key);
	}

	clear(): void {
		this.epoch += 1;
		this.entries.clear();
		this.bytes = 0;
	}

	private remove(key: string): void {
		const entry = this.entries.get(key);
		if (!entry) return;
		this.bytes -= entry.body.byteLength;
		this.entries.delete(key);
	}
}
