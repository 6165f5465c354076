import { advance, type ReplaySpeed, type TimedPoint } from '#lib/domain/tracking/replay.ts';

/**
 * The replay clock of a loaded trail: a moment between its first and last fix that a play
 * button moves at 1×, 10× or 60× real time (one animation frame at a time), or the slider
 * sets. Stops playing at the end.
 */
export class ReplayClock {
	active = $state(false);
	playing = $state(false);
	speed = $state<ReplaySpeed>(10);
	t = $state(0);
	start = $state(0);
	end = $state(0);
	#frame = 0;
	#last = 0;

	open(points: TimedPoint[]) {
		this.pause();
		this.start = points[0]?.[2] ?? 0;
		this.end = points.at(-1)?.[2] ?? 0;
		this.t = this.start;
		this.active = points.length > 0;
	}

	close() {
		this.pause();
		this.active = false;
	}

	play() {
		if (!this.active) return;
		if (this.t >= this.end) this.t = this.start;
		this.playing = true;
		this.#last = performance.now();
		this.#frame = requestAnimationFrame(this.#tick);
	}

	pause() {
		this.playing = false;
		cancelAnimationFrame(this.#frame);
	}

	#tick = (now: number) => {
		if (!this.playing) return;
		this.t = advance(this.t, now - this.#last, this.speed, this.end);
		this.#last = now;
		if (this.t >= this.end) this.playing = false;
		else this.#frame = requestAnimationFrame(this.#tick);
	};
}
