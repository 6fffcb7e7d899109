import { expect } from 'chai';
import { normalizeName, normalizeOrderCode } from '#lib/registration/normalize';

describe('registration/normalize', () => {
	describe('normalizeName', () => {
		it("keeps the original bot's examples", () => {
			expect(normalizeName('Æmilia Lanyer')).to.equal('aemilialanyer');
			expect(normalizeName("Ch'oe Yun")).to.equal('choeyun');
			expect(normalizeName('name@example.com')).to.equal('nameexamplecom');
			expect(normalizeName('Jan Novák')).to.equal('jannovak');
			expect(normalizeName('Karel Čapek')).to.equal('karelcapek');
			expect(normalizeName('Shin Kyung-sook')).to.equal('shinkyungsook');
			expect(normalizeName('Seán Ó Rudaí')).to.equal('seanorudai');
		});

		// Each pair: how the ticket says it, how a tired attendee might type it on a phone.
		const sameAs: [string, string][] = [
			['Ольга Петрова', 'olga petrova'],
			['Дмитрий Иванов', 'Dmitrii Ivanov'], // ICAO passport romanisation: й → i,
			['Ελένη Παππά', 'Eleni Pappa'],
			['Işıl Yılmaz', 'Isil Yilmaz'],
			['İlkay Öztürk', 'ilkay ozturk'],
			['Çağrı Şahin', 'Cagri Sahin'],
			['Jürgen Groß', 'jurgen gross'],
			['Straße', 'STRASSE'],
			['Nguyễn Thị Minh Châu', 'nguyen thi minh chau'],
			['Łukasz Żółkiewski', 'Lukasz Zolkiewski'],
			['Małgorzata Wiśniewska', 'malgorzata wisniewska'],
			['Þóra Guðmundsdóttir', 'Thora Gudmundsdottir'],
			['Øyvind Ødegård', 'oyvind odegard'],
			['Åsa Ström', 'asa strom'],
			['Božena Němcová', 'bozena nemcova'],
			['François Lefèvre', 'francois lefevre'],
			['Siobhán Ní Bhriain', 'siobhan ni bhriain'],
			['Ch’oe Yun', "Ch'oe Yun"],
			['Conan O’Neill', 'conan oneill'],
			['Zoe\u0308 U\u0308nal', 'Zoë Ünal'],
			['Ｚｏë　Ｕｎａｌ', 'zoe unal'],
			['ﬁona Apple', 'fiona apple'],
			['Jean\u00a0-\u2011Luc Picard', 'jeanluc picard'],
			['Ada\u200b Love\u200dlace\ufeff', 'Ada Lovelace'],
			['Ada Lovelace 🐍', 'ada lovelace'],
			['  ADA   LOVELACE  ', 'ada lovelace']
		];
		for (const [ticket, typed] of sameAs) {
			it(`matches ${JSON.stringify(ticket)} with ${JSON.stringify(typed)}`, () => {
				expect(normalizeName(ticket)).to.equal(normalizeName(typed)).and.to.match(/^[a-z0-9]+$/);
			});
		}

		// Scripts any-ascii romanises: what matters is that the same script input always folds to the same ASCII key.
		const otherScripts: [string, string, string][] = [
			['山田太郎', '山田 太郎', '山田花子'],
			['王伟', '王 伟', '李芳'],
			['김영희', '김 영희', '박영희'],
			['محمد العلي', 'محمد  العلي', 'فاطمة حسن'],
			['דוד כהן', 'דוד כהן', 'שרה לוי'],
			['प्रिया शर्मा', 'प्रिया  शर्मा', 'राहुल वर्मा'],
			['สมชาย ใจดี', 'สมชาย ใจดี', 'สุดา ทองคำ']
		];
		for (const [name, spacedDifferently, someoneElse] of otherScripts) {
			it(`folds ${name} to a stable ASCII key distinct from ${someoneElse}`, () => {
				const key = normalizeName(name);
				expect(key).to.match(/^[a-z0-9]+$/);
				expect(normalizeName(spacedDifferently)).to.equal(key);
				expect(normalizeName(someoneElse)).to.not.equal(key);
			});
		}

		it('keeps digits and drops everything that is not a letter or digit', () => {
			expect(normalizeName('Ada Lovelace 2')).to.equal('adalovelace2');
			expect(normalizeName('"Ada" (Lovelace), Countess!')).to.equal('adalovelacecountess');
		});

		it('folds names of only symbols, emoji, punctuation or invisible characters to empty', () => {
			for (const name of ['', '   ', '🐍🐍', '---', '\u200b\u200d', '…', '☃ ★']) expect(normalizeName(name), JSON.stringify(name)).to.equal('');
		});
	});

	describe('normalizeOrderCode', () => {
		it('accepts codes as people type them, ticket ids included', () => {
			expect(normalizeOrderCode('abc12')).to.equal('ABC12');
			expect(normalizeOrderCode(' #ABC12 ')).to.equal('ABC12');
			expect(normalizeOrderCode('#br7uh-3')).to.equal('BR7UH');
			expect(normalizeOrderCode('ABC12-')).to.equal('ABC12');
			expect(normalizeOrderCode('ABCDEFGH12345678')).to.equal('ABCDEFGH12345678');
		});

		it('rejects what cannot be a pretix order code', () => {
			for (const input of ['', '#', 'AB12', 'ABC 12', 'ÄBC12', 'ABC12!', 'ABCDEFGH123456789', '-ABC12']) {
				expect(normalizeOrderCode(input), JSON.stringify(input)).to.equal(null);
			}
		});
	});
});
