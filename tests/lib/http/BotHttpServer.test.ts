import { expect } from 'chai';
import { request as httpRequest, Agent } from 'node:http';
import { BotHttpServer, jsonResponse } from '#lib/http/BotHttpServer';

describe('http/BotHttpServer', () => {
	let server: BotHttpServer;
	let base: string;
	const errors: unknown[] = [];

	beforeEach(async () => {
		errors.length = 0;
		server = new BotHttpServer({ port: 0, maxBodyBytes: 64, onError: (error) => errors.push(error) });
		server
			.route('GET', '/hello', (request) => jsonResponse(200, { hello: request.query.get('name') }))
			.route('POST', '/webhooks/pretix', (request) => jsonResponse(202, { received: JSON.parse(request.body.toString('utf8')) }))
			.route('GET', '/boom', () => {
				throw new Error('secret token abc in message');
			});
		const address = await server.start();
		expect(address.address).to.equal('127.0.0.1');
		base = `http://127.0.0.1:${address.port}`;
	});
	afterEach(() => server.close());

	it('dispatches by method and path, with query and body', async () => {
		const get = await fetch(`${base}/hello?name=Jane`);
		expect(get.status).to.equal(200);
		expect(get.headers.get('content-type')).to.match(/^application\/json/);
		expect(await get.json()).to.deep.equal({ hello: 'Jane' });
		const post = await fetch(`${base}/webhooks/pretix`, { method: 'POST', body: JSON.stringify({ action: 'pretix.event.order.paid' }) });
		expect(post.status).to.equal(202);
		expect(await post.json()).to.deep.equal({ received: { action: 'pretix.event.order.paid' } });
	});

	it('answers 404 for unknown paths and 405 with Allow for a wrong method', async () => {
		expect((await fetch(`${base}/nope`)).status).to.equal(404);
		const wrong = await fetch(`${base}/webhooks/pretix`);
		expect(wrong.status).to.equal(405);
		expect(wrong.headers.get('allow')).to.equal('POST');
	});

	it('refuses bodies over the limit with 413', async () => {
		const response = await fetch(`${base}/webhooks/pretix`, { method: 'POST', body: 'x'.repeat(65) });
		expect(response.status).to.equal(413);
	});

	it('hides handler errors behind a generic 500 and reports them to onError', async () => {
		const response = await fetch(`${base}/boom`);
		expect(response.status).to.equal(500);
		expect(await response.text()).to.not.include('secret');
		expect(errors).to.have.length(1);
	});

	it('refuses to mount the same route twice', () => {
		expect(() => server.route('get', '/hello', () => jsonResponse(200, {}))).to.throw(/already mounted/);
	});

	it('closes promptly while a keep-alive client still holds a connection', async () => {
		const agent = new Agent({ keepAlive: true });
		const status = await new Promise<number>((resolve, reject) => {
			httpRequest(`${base}/hello`, { agent }, (response) => {
				response.resume();
				response.on('end', () => resolve(response.statusCode ?? 0));
			})
				.on('error', reject)
				.end();
		});
		expect(status).to.equal(200);
		const started = Date.now();
		await server.close();
		expect(Date.now() - started).to.be.lessThan(1000);
		agent.destroy();
		await server.close();
	});
});
