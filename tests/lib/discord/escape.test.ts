import { expect } from 'chai';
import { escapeLine, escapeText } from '#lib/discord/escape';

describe('discord/escape', () => {
	it('escapes markdown so a title like **Bold** shows its asterisks', () => {
		expect(escapeText('**Bold** _it_ ~~s~~ ||spoiler|| `code`')).to.equal('\\*\\*Bold\\*\\* \\_it\\_ \\~\\~s\\~\\~ \\|\\|spoiler\\|\\| \\`code\\`');
	});

	it('escapes what renders at the start of a line: headings, quotes and lists', () => {
		expect(escapeText('# Title')).to.equal('\\# Title');
		expect(escapeText('> quoted\n- item\n1. first')).to.equal('\\> quoted\n\\- item\n1\\. first');
	});

	it('shows mentions, channel links, timestamps and masked links as typed', () => {
		expect(escapeText('<@123> <#456> <t:1:R>')).to.equal('\\<@123> \\<#456> \\<t:1:R>');
		expect(escapeText('[click](https://example.org)')).to.equal('\\[click](https://example.org)');
	});

	it('defuses @everyone and @here in any case, and leaves other @ alone', () => {
		expect(escapeText('@everyone @HERE ada@example.org')).to.equal('@\u200beveryone @\u200bHERE ada@example.org');
	});

	it('escapeLine puts the text on one line first', () => {
		expect(escapeLine('two\n  lines *x*')).to.equal('two lines \\*x\\*');
	});
});
