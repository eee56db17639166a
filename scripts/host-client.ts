import { request } from 'node:http';
import type { ApiArgs, ApiName, ApiResponse, ApiResult } from '../main/api/contract.js';

/**
 * A client of a running browser host, calling it as its page does: POST
 * /api/<name> with the launch token and the page's own Origin.
 */
export interface HostClient {
  /** Resolves with the host's answer; rejects when the connection fails (a killed host) or the answer is not HTTP 200. */
  call<K extends ApiName>(name: K, args: ApiArgs<K>): Promise<ApiResult<K>>;
}

/** A client for the host that printed `url` (`http://127.0.0.1:<port>/#token=<token>`). */
export function hostClient(url: string): HostClient {
  const parsed = new URL(url);
  const token = new URLSearchParams(parsed.hash.slice(1)).get('token') ?? '';
  const origin = parsed.origin;
  return {
    call: (name, args) =>
      new Promise((resolve, reject) => {
        const body = Buffer.from(JSON.stringify(args), 'utf8');
        const req = request(
          `${origin}/api/${name}`,
          {
            method: 'POST',
            headers: {
              Authorization: `Bearer ${token}`,
              Origin: origin,
              'Content-Type': 'application/json',
              'Content-Length': body.length,
            },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.on('error', reject);
            res.on('end', () => {
              if (res.statusCode !== 200)
                return reject(new Error(`${name}: HTTP ${res.statusCode}: ${Buffer.concat(chunks).toString('utf8').slice(0, 300)}`));
              const envelope = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ApiResponse<ApiResult<typeof name>>;
              if (envelope.ok) resolve(envelope.data);
              else reject(new Error(`${name}: ${envelope.error.type}: ${envelope.error.message}`));
            });
          },
        );
        req.on('error', reject);
        req.end(body);
      }),
  };
}
