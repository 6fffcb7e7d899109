import { expect } from 'chai';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfigFiles } from '#lib/config/loadConfig';
import { plannerOptionsFrom } from '#lib/programme/plannerOptions';

const exampleConfig = join(__dirname, '..', '..', '..', 'config', 'config.toml');

describe('programme/plannerOptions', () => {
	const configWith = (localText: string) => {
		const local = join(mkdtempSync(join(tmpdir(), 'usher-planner-options-')), 'local.toml');
		writeFileSync(local, localText);
		return loadConfigFiles({ configFile: exampleConfig, env: { USHER_CONFIG: local } });
	};
	const naming = { main: 'main', room: (_room: string, channel: string) => channel };

	it('plans the morning post at [agenda] morning_post in the programme time zone, and none when it is "off"', () => {
		const config = configWith('[agenda]\nmorning_post = "07:30"\n[programme]\ntimezone = "Europe/Prague"\n');
		expect(plannerOptionsFrom(config.programme, naming, config.agenda).morningPost).to.deep.equal({ at: '07:30', timezone: 'Europe/Prague' });
		const off = configWith('[agenda]\nmorning_post = "off"\n');
		expect(plannerOptionsFrom(off.programme, naming, off.agenda)).to.not.have.property('morningPost');
		// The preview CLI plans session posts only.
		expect(plannerOptionsFrom(config.programme, naming)).to.not.have.property('morningPost');
	});
});
