/**
 * A certificate authority made for one run and a server certificate it signs for 127.0.0.1 and
 * localhost, so that a loopback stand-in can speak https as Meta's Graph host does and a client
 * process trusts it through NODE_EXTRA_CA_CERTS (read by Node once, at start: set it in the
 * environment of the process that makes the requests). ECDSA P-256 keys, as graph.facebook.com's
 * own certificate has. Made with the openssl command line (Node's crypto signs, but cannot issue
 * X.509 certificates); the files live in a fresh temporary folder, removed by `remove()`.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export interface LoopbackTls {
	/** The authority's certificate (PEM file): the value for NODE_EXTRA_CA_CERTS. */
	caPath: string;
	/** The server's private key and certificate (PEM), for https.createServer. */
	key: string;
	cert: string;
	remove(): void;
}

function openssl(cwd: string, args: string[]): void {
	const run = spawnSync('openssl', args, { cwd, encoding: 'utf8' });
	if (run.error) throw new Error(`openssl could not be run: ${run.error.message}`);
	if (run.status !== 0) throw new Error(`openssl ${args[0]} failed: ${run.stderr.trim()}`);
}

export function makeLoopbackTls(): LoopbackTls {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loopback-tls-'));
	const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
	openssl(dir, [
		'req',
		'-x509',
		...ec,
		'-keyout',
		'ca.key',
		'-out',
		'ca.pem',
		'-days',
		'2',
		'-subj',
		'/CN=Loopback test CA',
		'-addext',
		'basicConstraints=critical,CA:TRUE',
		'-addext',
		'keyUsage=critical,keyCertSign',
	]);
	openssl(dir, [
		'req',
		...ec,
		'-keyout',
		'server.key',
		'-out',
		'server.csr',
		'-subj',
		'/CN=127.0.0.1',
	]);
	fs.writeFileSync(
		path.join(dir, 'server.ext'),
		'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n',
	);
	openssl(dir, [
		'x509',
		'-req',
		'-in',
		'server.csr',
		'-CA',
		'ca.pem',
		'-CAkey',
		'ca.key',
		'-CAcreateserial',
		'-days',
		'2',
		'-extfile',
		'server.ext',
		'-out',
		'server.pem',
	]);
	return {
		caPath: path.join(dir, 'ca.pem'),
		key: fs.readFileSync(path.join(dir, 'server.key'), 'utf8'),
		cert: fs.readFileSync(path.join(dir, 'server.pem'), 'utf8'),
		remove: () => fs.rmSync(dir, { recursive: true, force: true }),
	};
}
