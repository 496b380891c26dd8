import { byId, graph, graphError, PROOF, versionPath, WABA_ID } from './support/graph';
import { runNode } from './support/runner';
import { useGraphMocks } from './support/setup';

const { sleeps } = useGraphMocks();

const path = versionPath(`/${WABA_ID}`);
const getAccount = () =>
	runNode({
		parameters: { resource: 'account', operation: 'get', wabaId: byId(WABA_ID), fields: ['id'] },
	});
/** Exactly one call: a retry would find no mock and fail differently. */
const answerOnce = (status: number, body: unknown) =>
	graph()
		.get(path)
		.query({ fields: 'id', appsecret_proof: PROOF })
		.once()
		.reply(status, body as Record<string, unknown>);

describe('Graph errors become NodeApiErrors', () => {
	it('190: invalid token, not retried, says to renew the token', async () => {
		answerOnce(
			401,
			graphError(
				190,
				'Error validating access token: Session has expired on Friday, 01-Aug-25 10:00:00 PDT.',
				{
					error_subcode: 463,
				},
			),
		);
		const { error } = await getAccount();
		expect(error?.name).toBe('NodeApiError');
		expect(error?.message).toBe(
			'The access token is invalid or has expired: Error validating access token: Session has expired on Friday, 01-Aug-25 10:00:00 PDT.',
		);
		expect(error?.description).toMatch(/Create a new token/);
		expect(error?.description).toMatch(
			/\(code 190, subcode 463, fbtrace_id AbCdEfGhIjKlMnOp, HTTP 401\)/,
		);
		expect(error?.context).toMatchObject({
			graphErrorCode: 190,
			graphErrorSubcode: 463,
			fbtraceId: 'AbCdEfGhIjKlMnOp',
			graphErrorClass: 'token',
			attempts: 1,
		});
		expect(error?.httpCode).toBe('401');
		expect(sleeps).toEqual([]);
	});

	it.each([10, 200, 294])('%i: permission error, not retried, says what to grant', async (code) => {
		answerOnce(
			403,
			graphError(code, '(#' + code + ') Application does not have permission for this action'),
		);
		const { error } = await getAccount();
		expect(error?.message).toMatch(
			/^The access token is not allowed to do this: \(#\d+\) Application does not have/,
		);
		expect(error?.description).toMatch(/whatsapp_business_management/);
		expect(error?.context).toMatchObject({ graphErrorCode: code, graphErrorClass: 'permission' });
		expect(sleeps).toEqual([]);
	});

	it("100: invalid parameter, with Meta's user-facing title and message", async () => {
		answerOnce(
			400,
			graphError(100, 'Invalid parameter', {
				type: 'GraphMethodException',
				error_subcode: 33,
				error_user_title: 'Object does not exist',
				error_user_msg: 'The WhatsApp Business Account does not exist or this token cannot see it.',
			}),
		);
		const { error } = await getAccount();
		expect(error?.message).toBe('The Graph API rejected a parameter: Object does not exist');
		expect(error?.description).toMatch(
			/^The WhatsApp Business Account does not exist or this token cannot see it\. Meta: Invalid parameter\./,
		);
		expect(error?.context).toMatchObject({
			graphErrorCode: 100,
			graphErrorSubcode: 33,
			graphErrorType: 'GraphMethodException',
			errorUserTitle: 'Object does not exist',
		});
	});

	it('131031: account locked', async () => {
		answerOnce(400, graphError(131031, 'Business Account locked'));
		const { error } = await getAccount();
		expect(error?.message).toBe('The WhatsApp Business Account is locked: Business Account locked');
		expect(error?.context).toMatchObject({
			graphErrorCode: 131031,
			graphErrorClass: 'account_locked',
		});
	});

	it("other codes keep Meta's message and code", async () => {
		answerOnce(500, graphError(131000, 'Something went wrong'));
		const { error } = await getAccount();
		expect(error?.message).toBe('The Graph API returned an error: Something went wrong');
		expect(error?.description).toMatch(/code 131000/);
		expect(error?.context).toMatchObject({
			graphErrorCode: 131000,
			graphErrorClass: 'other',
			httpStatus: 500,
		});
		expect(sleeps).toEqual([]);
	});

	it("an HTTP 5xx without Meta's envelope (a gateway) is retried, then says what happened", async () => {
		graph().get(path).query(true).times(3).reply(502, '<html>Bad Gateway</html>');
		const { error } = await getAccount();
		expect(error?.name).toBe('NodeApiError');
		expect(error?.message).toBe('The Graph API had a temporary problem: <html>Bad Gateway</html>');
		expect(error?.httpCode).toBe('502');
		expect(sleeps).toHaveLength(2);
	});

	it("an HTTP 4xx without Meta's envelope is not retried and says what happened", async () => {
		answerOnce(404, '<html>Not Found</html>');
		const { error } = await getAccount();
		expect(error?.message).toBe('The Graph API returned an error: <html>Not Found</html>');
		expect(error?.httpCode).toBe('404');
		expect(sleeps).toEqual([]);
	});

	it('a network failure on a read is retried, then is a NodeApiError that names the failure', async () => {
		graph()
			.get(path)
			.query(true)
			.times(3)
			.replyWithError('getaddrinfo ENOTFOUND graph.facebook.com');
		const { error } = await getAccount();
		expect(error?.name).toBe('NodeApiError');
		expect(`${error?.message} ${error?.description}`).toMatch(
			/connection cannot be established|ENOTFOUND/,
		);
		expect(`${error?.message} ${error?.description}`).toMatch(/Tried 3 times/);
		expect(sleeps).toHaveLength(2);
	});
});
