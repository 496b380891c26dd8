import { sleep, type IWebhookFunctions } from 'n8n-workflow';

import { encryptResponse, type Session } from './crypto';

/**
 * How the workflow's answer reaches Meta encrypted without the AES key ever leaving this
 * process's memory: the node declares n8n's "last node" response mode, and wraps the HTTP
 * response object n8n will write that answer to (the same object it hands the node, in n8n 1.x
 * and 2.x alike, in the main process, in a webhook process of queue mode, and for test
 * listening). Whatever n8n writes (the last node's first item, or its own error) is collected
 * and replaced, before a byte leaves, by the encrypted answer or by Meta's error shape; after
 * the time limit the node answers itself, and what n8n writes later is dropped.
 */

/** One HTTP answer: status, content type and text. */
export interface Answer {
	status: number;
	contentType: string;
	text: string;
	/** Why the workflow's answer was not used, for the owner's log. */
	problem?: string;
}

/** Meta's status for a flow token the business no longer accepts: the client disables the Flow. */
export const INVALID_FLOW_TOKEN_STATUS = 427;

/** The workflow answers this to have Meta told that the flow token is no longer valid. */
export const INVALID_FLOW_TOKEN_MARK = 'flow_token_invalid';

const TEXT = 'text/plain; charset=utf-8';
const JSON_TYPE = 'application/json; charset=utf-8';

const isObject = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Meta's error shape for a request the workflow did not answer: on a screen (data_exchange,
 * BACK) the same screen with `data.error_message`, which the Flow shows to the user; an INIT
 * has no screen to stay on, so it gets a plain error status (the client shows its own error).
 */
export function errorAnswer(
	request: Record<string, unknown>,
	session: Session,
	errorMessage: string,
	problem: string,
): Answer {
	if (typeof request.screen === 'string' && request.screen !== '')
		return {
			status: 200,
			contentType: TEXT,
			text: encryptResponse(
				{ screen: request.screen, data: { error_message: errorMessage } },
				session,
			),
			problem,
		};
	return { status: 500, contentType: JSON_TYPE, text: JSON.stringify({ error: problem }), problem };
}

/** What n8n wrote for the workflow (status and body) to the answer Meta gets. */
export function workflowAnswer(
	status: number,
	body: Buffer,
	request: Record<string, unknown>,
	session: Session,
	errorMessage: string,
): Answer {
	let answer: unknown;
	try {
		answer = body.length ? JSON.parse(body.toString('utf8')) : undefined;
	} catch {
		answer = undefined;
	}
	if (status < 200 || status > 299) {
		const said =
			isObject(answer) && typeof answer.message === 'string' ? `: ${answer.message}` : '';
		return errorAnswer(
			request,
			session,
			errorMessage,
			`the workflow failed (n8n answered ${status}${said})`,
		);
	}
	if (!isObject(answer))
		return errorAnswer(
			request,
			session,
			errorMessage,
			"the workflow's last node did not give an answer object ({ screen, data } or { data })",
		);
	if (answer[INVALID_FLOW_TOKEN_MARK] === true) {
		const message = typeof answer.error_msg === 'string' ? answer.error_msg : undefined;
		return {
			status: INVALID_FLOW_TOKEN_STATUS,
			contentType: JSON_TYPE,
			text: JSON.stringify(message ? { error_msg: message } : {}),
		};
	}
	return { status: 200, contentType: TEXT, text: encryptResponse(answer, session) };
}

/** The HTTP response n8n hands the node (express's, over Node's ServerResponse). */
type ServerResponse = ReturnType<IWebhookFunctions['getResponseObject']>;

type State = 'open' | 'sending' | 'done';
type Callback = (error?: Error | null) => void;

/**
 * Replaces what is written to `res` by `seal(status, body)`; after `timeLimitMs` with nothing
 * written, answers `onTimeout()` and drops whatever comes later. `onAnswer` sees each answer sent.
 */
export function sealResponse(
	res: ServerResponse,
	seal: (status: number, body: Buffer) => Answer,
	timeLimitMs: number,
	onTimeout: () => Answer,
	onAnswer: (answer: Answer) => void = () => {},
): void {
	const original = {
		write: res.write.bind(res),
		end: res.end.bind(res),
		setHeader: res.setHeader.bind(res),
		removeHeader: res.removeHeader.bind(res),
		writeHead: res.writeHead.bind(res),
	};
	let state: State = 'open';
	const chunks: Buffer[] = [];
	const collect = (chunk: unknown, encoding?: unknown) => {
		if (chunk === undefined || chunk === null || typeof chunk === 'function') return;
		chunks.push(
			Buffer.isBuffer(chunk)
				? chunk
				: chunk instanceof Uint8Array
					? Buffer.from(chunk)
					: Buffer.from(
							String(chunk),
							typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8',
						),
		);
	};
	const send = (answer: Answer) => {
		state = 'sending';
		if (!res.headersSent) {
			for (const header of ['content-length', 'etag', 'content-encoding', 'content-type'])
				original.removeHeader(header);
			original.setHeader('content-type', answer.contentType);
			res.statusCode = answer.status;
		}
		original.end(answer.text);
		state = 'done';
		onAnswer(answer);
	};
	const sealed = (status: number, body: Buffer): Answer => {
		try {
			return seal(status, body);
		} catch (error) {
			return {
				status: 500,
				contentType: JSON_TYPE,
				text: JSON.stringify({ error: 'the answer could not be encrypted' }),
				problem: `the answer could not be encrypted: ${(error as Error).message}`,
			};
		}
	};
	const lastCallback = (args: unknown[]): Callback | undefined => {
		const last = args[args.length - 1];
		return typeof last === 'function' ? (last as Callback) : undefined;
	};

	// n8n-workflow's sleep (the one timer a community node may use) cannot be cancelled: once
	// the answer has gone out, the time limit finds nothing left to do
	void sleep(timeLimitMs).then(() => {
		if (state === 'open' && !res.headersSent && !res.writableEnded) send(onTimeout());
	});

	res.write = ((chunk: unknown, ...rest: unknown[]) => {
		if (state === 'open') collect(chunk, rest[0]);
		lastCallback(rest)?.();
		return true;
	}) as typeof res.write;
	res.end = ((...args: unknown[]) => {
		if (state === 'open') {
			collect(args[0], args[1]);
			send(sealed(res.statusCode, Buffer.concat(chunks)));
		}
		lastCallback(args)?.();
		return res;
	}) as typeof res.end;
	// once the node has answered, n8n's late answer must not throw "headers already sent"
	res.setHeader = ((name: string, value: number | string | readonly string[]) =>
		state === 'done' ? res : original.setHeader(name, value)) as typeof res.setHeader;
	res.removeHeader = ((name: string) => {
		if (state !== 'done') original.removeHeader(name);
	}) as typeof res.removeHeader;
	res.writeHead = ((...args: Parameters<typeof res.writeHead>) =>
		state === 'done' ? res : original.writeHead(...args)) as typeof res.writeHead;
}
