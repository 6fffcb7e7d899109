import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const repoRoot = join(__dirname, '..', '..');
const read = (file: string) => readFileSync(join(repoRoot, file), 'utf8');

// No Docker engine runs here, so these check by reading what a review would: stages, user, volumes, secrets.
describe('deploy files', () => {
	it('Dockerfile builds in one stage and runs a slim, non-root image with SQLite on a volume', () => {
		const lines = read('Dockerfile').split('\n');
		const froms = lines.filter((line) => line.startsWith('FROM '));
		expect(froms).to.have.length(2);
		expect(froms[0]).to.match(/^FROM node:20[\w.-]* AS build$/);
		const runtime = lines.slice(lines.indexOf(froms[1]!));
		expect(runtime.some((line) => line.startsWith('COPY --from=build'))).to.equal(true);
		expect(runtime).to.include('USER node');
		expect(runtime.find((line) => line.startsWith('VOLUME'))).to.include('/app/data');
		expect(runtime.find((line) => line.startsWith('CMD'))).to.include('dist/index.js');
		expect(read('Dockerfile')).to.not.match(/TOKEN|SECRET/);
		// The charts' text needs fonts in the slim image, Japanese a CJK one.
		expect(runtime.find((line) => line.startsWith('RUN apt-get'))).to.include('fonts-dejavu-core').and.to.include('fonts-noto-cjk');
	});

	it('compose runs the bot with secrets from .secrets and redis:7 with persistence', () => {
		const compose = parse(read('compose.yaml')) as { services: Record<string, any>; volumes: Record<string, unknown> };
		const { bot, redis } = compose.services;
		expect(bot.build).to.equal('.');
		expect(bot.env_file).to.equal('.secrets');
		expect(bot.environment.REDIS_URL).to.equal('redis://redis:6379');
		expect(bot.volumes).to.include('usher-data:/app/data');
		expect(redis.image).to.equal('redis:7');
		expect(redis.command).to.include('--appendonly');
		expect(redis.volumes).to.include('redis-data:/data');
		expect(Object.keys(compose.volumes)).to.include.members(['usher-data', 'redis-data']);
	});

	it('keeps secrets, local config and data out of git and out of the image', () => {
		expect(read('.gitignore').split('\n')).to.include.members(['.secrets', 'config/config.local.toml', 'data/', '*.sqlite']);
		expect(read('.dockerignore').split('\n')).to.include.members(['.secrets', 'config/config.local.toml', 'data', 'node_modules']);
	});
});
