import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/** A seeded source of hostile text: every run with the same seed produces the same inputs. */
export class HostileText {
	private readonly rng;

	public constructor(seed: number) {
		this.rng = xoroshiro128plus(seed);
	}

	public int(min: number, max: number): number {
		return uniformInt(this.rng, min, max);
	}

	public pick<T>(values: readonly T[]): T {
		return values[this.int(0, values.length - 1)]!;
	}

	public chance(percent: number): boolean {
		return this.int(1, 100) <= percent;
	}

	/** One of the kinds of text that broke chat bots before, or a mix of several. */
	public text(): string {
		const pieces = Array.from({ length: this.int(1, 4) }, () => this.piece());
		return pieces.join(this.pick(['', ' ', '\n', '\u200b']));
	}

	/** Up to 4,000 characters (Discord's largest text input), mostly of one hostile kind. */
	public long(): string {
		const target = this.int(500, 4000);
		let out = '';
		while (out.length < target) out += this.piece();
		return out.slice(0, target);
	}

	private piece(): string {
		const kinds: Array<() => string> = [
			() => this.pick(['@everyone', '@here', '<@123456789012345678>', '<@&123456789012345678>', '<#123456789012345678>', '@everyone Ada']),
			() => this.pick(['**bold**', '__under__', '~~gone~~', '`code`', '```js\nx\n```', '> quote', '||spoiler||', '# Heading', '[link](https://evil.example)']),
			() => this.pick(['https://discord.gg/abc', 'http://127.0.0.1:6379/', 'javascript:alert(1)', 'www.example.org/?q=<script>']),
			() => this.chars([0x0590, 0x05ff], [0x0600, 0x06ff]) + this.pick(['\u202e', '\u202b', '\u2067', '']),
			() => this.pick(['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad']).repeat(this.int(1, 5)),
			() => 'Z' + '\u0336\u0301\u0308\u0327\u0489'.repeat(this.int(1, 20)),
			() => this.pick(['👩‍👩‍👧‍👦', '🏳️‍🌈', '🇩🇪', '👍🏽', '🐍', '\u{1F9D1}\u200d\u{1F4BB}', '☕️']).repeat(this.int(1, 3)),
			() => String.fromCharCode(this.int(0, 31)) + '\u007f' + this.pick(['\r\n', '\t', '\0', '\u0085', '\u2028']),
			() => this.pick(['山田太郎', 'Ольга Петрова', 'Zoë Ünal', 'Seán Ó Rudaí', 'محمد علي', 'Nguyễn Văn A', 'ﬃ ǅ ß İ']),
			() => this.pick(['\uD800', '\uDFFF', '\uFFFE', '\uFFFF', '%00', "' OR 1=1 --", '${jndi:x}', '{{7*7}}', '\\u0000']),
			() => this.chars([0x21, 0x7e]),
			() => this.chars([0x4e00, 0x9fff], [0x0400, 0x04ff], [0x1f300, 0x1f5ff])
		];
		return this.pick(kinds)();
	}

	private chars(...ranges: Array<[number, number]>): string {
		const length = this.int(1, 12);
		let out = '';
		for (let i = 0; i < length; i++) {
			const [from, to] = this.pick(ranges);
			out += String.fromCodePoint(this.int(from, to));
		}
		return out;
	}
}

/** Cuts or pads a value to a text input's limits, as Discord's client does before it lets anyone submit. */
export function fitToInput(value: string, min: number, max: number, filler: string): string {
	let out = value.slice(0, max);
	while (out.length < min) out += filler;
	return out.slice(0, max);
}
