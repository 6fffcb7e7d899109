import { expect } from 'chai';
import { maskName, maskOrderCode } from '#lib/registration/privacy';

describe('registration/privacy', () => {
	it('keeps the first letter and the length of a name, counting characters rather than UTF-16 units', () => {
		expect(maskName('Jane Doe')).to.equal('J***(8)');
		expect(maskName('  Łukasz  ')).to.equal('Ł***(6)');
		expect(maskName('𝓙o')).to.equal('𝓙***(2)');
		expect(maskName('   ')).to.equal('***(0)');
	});

	it('keeps the first two characters of an order code and hides its length', () => {
		expect(maskOrderCode('ab7xq')).to.equal('AB***');
		expect(maskOrderCode('#BR7UH-3')).to.equal('BR***');
		expect(maskOrderCode('#AB1')).to.equal('***');
	});
});
