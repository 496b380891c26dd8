import type * as http from 'http';

/**
 * A request's whole body. Past `limit` bytes the request is destroyed and the promise rejects
 * with an error whose `status` is 413, for the caller's answer.
 */
export function readBody(req: http.IncomingMessage, limit = Infinity): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		req.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > limit) {
				reject(Object.assign(new Error('body too large'), { status: 413 }));
				req.destroy();
				return;
			}
			chunks.push(chunk);
		});
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}
