/**
 * Two throw-away n8n nodes, written as plain JavaScript into a folder n8n loads with
 * N8N_CUSTOM_EXTENSIONS (type names CUSTOM.askProbe, CUSTOM.askCounter), to learn how n8n
 * itself treats a community node whose operation is `sendAndWait` (docs/design/send-and-wait.md):
 *
 * - Ask Probe signs a resume URL with n8n's getSignedResumeUrl, asks 1.x to check it
 *   (setSignatureValidationRequired, gone in 2.x), logs the URL, and waits; its restart webhook
 *   refuses a body with `refuse` (no workflowData: the execution must stay waiting) and resumes
 *   with any other body. "Answer Early" POSTs the URL before the execution is saved as waiting;
 *   "Claim Once" refuses a second resume of the same question in this process (the 1.x guard).
 * - Ask Counter logs every run after the probe: two lines for one execution are a double resume.
 *
 * Both only append JSON lines to the file named in their parameters; no package is built.
 */
import * as fs from 'fs';
import * as path from 'path';

const log = `
const fs = require('fs');
function log(file, entry) {
	fs.appendFileSync(file, JSON.stringify({ at: Date.now(), ...entry }) + '\\n');
}
`;

const probe = `${log}
const claimed = new Set();
class AskProbe {
	constructor() {
		this.description = {
			displayName: 'Ask Probe',
			name: 'askProbe',
			group: ['transform'],
			version: 1,
			description: 'Signs a resume URL and waits (probe)',
			defaults: { name: 'Ask Probe' },
			inputs: ['main'],
			outputs: ['main'],
			webhooks: [
				{
					name: 'default',
					httpMethod: 'POST',
					responseMode: 'onReceived',
					responseData: '',
					path: '={{ $nodeId }}',
					restartWebhook: true,
					isFullPath: true,
				},
			],
			properties: [
				{ displayName: 'Resource', name: 'resource', type: 'options', default: 'message',
					options: [{ name: 'Message', value: 'message' }] },
				{ displayName: 'Operation', name: 'operation', type: 'options', default: 'sendAndWait',
					displayOptions: { show: { resource: ['message'] } },
					options: [{ name: 'Send and Wait for Response', value: 'sendAndWait' }] },
				{ displayName: 'Log File', name: 'logFile', type: 'string', default: '' },
				{ displayName: 'Wait Seconds', name: 'waitSeconds', type: 'number', default: 0 },
				{ displayName: 'Answer Early', name: 'answerEarly', type: 'boolean', default: false },
				{ displayName: 'Claim Once', name: 'claimOnce', type: 'boolean', default: false },
			],
		};
	}

	async execute() {
		const file = this.getNodeParameter('logFile', 0);
		const waitSeconds = this.getNodeParameter('waitSeconds', 0);
		const url = this.getSignedResumeUrl({ o: 'approve' });
		const validation = typeof this.setSignatureValidationRequired === 'function';
		if (validation) this.setSignatureValidationRequired();
		const executionId = this.getExecutionId();
		log(file, { event: 'asked', executionId, url, validation });
		if (this.getNodeParameter('answerEarly', 0)) {
			setImmediate(async () => {
				try {
					const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"early":true}' });
					log(file, { event: 'early', executionId, status: r.status, body: (await r.text()).slice(0, 300) });
				} catch (error) {
					log(file, { event: 'early', executionId, error: String(error) });
				}
			});
		}
		const waitTill = waitSeconds > 0 ? new Date(Date.now() + waitSeconds * 1000) : new Date('3000-01-01T00:00:00.000Z');
		await this.putExecutionToWait(waitTill);
		return [this.getInputData()];
	}

	async webhook() {
		const file = this.getNodeParameter('logFile');
		const body = this.getBodyData();
		log(file, { event: 'webhook', body });
		if (body && body.refuse) return { webhookResponse: { refused: true } };
		if (this.getNodeParameter('claimOnce')) {
			// one resume per question in this process: the pathname names execution and node
			const key = new URL(this.getRequestObject().originalUrl, 'http://x').pathname;
			if (claimed.has(key)) return { webhookResponse: { refused: 'already answered' } };
			claimed.add(key);
		}
		return { webhookResponse: { resumed: true }, workflowData: [[{ json: { answered: true, answer: body } }]] };
	}
}
module.exports = { AskProbe };
`;

const counter = `${log}
class AskCounter {
	constructor() {
		this.description = {
			displayName: 'Ask Counter',
			name: 'askCounter',
			group: ['transform'],
			version: 1,
			description: 'Logs each run (probe)',
			defaults: { name: 'Ask Counter' },
			inputs: ['main'],
			outputs: ['main'],
			properties: [{ displayName: 'Log File', name: 'logFile', type: 'string', default: '' }],
		};
	}

	async execute() {
		const items = this.getInputData();
		log(this.getNodeParameter('logFile', 0), {
			event: 'after',
			executionId: this.getExecutionId(),
			items: items.map((item) => item.json),
		});
		return [items];
	}
}
module.exports = { AskCounter };
`;

/** Writes both nodes into `folder` (the N8N_CUSTOM_EXTENSIONS folder). */
export function writeProbeNodes(folder: string): void {
	fs.mkdirSync(folder, { recursive: true });
	fs.writeFileSync(path.join(folder, 'AskProbe.node.js'), probe);
	fs.writeFileSync(path.join(folder, 'AskCounter.node.js'), counter);
}
