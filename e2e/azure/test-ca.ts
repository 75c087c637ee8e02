import { execFileSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface TestPki {
  dir: string;
  /** The CA certificate (PEM) the client trusts through NODE_EXTRA_CA_CERTS. */
  caFile: string;
  serverCert: string;
  serverKey: string;
  /** A service principal's certificate: one PEM with the private key and the certificate, as ClientCertificateCredential reads it. */
  clientPemFile: string;
  /** SHA-1 thumbprint (base64url) of the client certificate: Entra's `x5t`. */
  clientX5t: string;
  clientPublicKey: string;
}

/**
 * A throwaway CA and the certificates the replay needs, made with Debian's openssl (node:crypto
 * parses X.509 but cannot issue it): a server certificate for 127.0.0.1 signed by the CA, and a
 * self-signed client certificate for the service-principal-with-certificate sign-in.
 */
export function makeTestPki(): TestPki {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gantry-azure-pki-'));
  const p = (f: string) => path.join(dir, f);
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=Gantry test CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  ssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1');
  writeFileSync(p('server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n');
  ssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '2', '-extfile', 'server.ext');
  ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'client.key', '-out', 'client.crt', '-days', '2', '-subj', '/CN=gantry-sp');
  const clientCrt = readFileSync(p('client.crt'), 'utf8');
  writeFileSync(p('client.pem'), readFileSync(p('client.key'), 'utf8') + clientCrt);
  const x509 = new X509Certificate(clientCrt);
  const der = x509.raw;
  return {
    dir,
    caFile: p('ca.pem'),
    serverCert: readFileSync(p('server.pem'), 'utf8'),
    serverKey: readFileSync(p('server.key'), 'utf8'),
    clientPemFile: p('client.pem'),
    clientX5t: createHash('sha1').update(der).digest('base64url'),
    clientPublicKey: x509.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}
