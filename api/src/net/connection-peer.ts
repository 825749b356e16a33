/**
 * The TCP peer's address, taken when the connection is accepted (issue 10 §6). Node reads a socket's
 * `remoteAddress` from the kernel when asked, and once a client has reset the connection there is
 * nothing left to ask: a request it sent just before the reset, still being handled, would have no
 * address — its audit events no IP and its rate limits the shared `unknown` budget. server.ts calls
 * `rememberPeer` on every accepted connection; http/client.ts reads `acceptedPeer` first.
 */
import type { Socket } from 'node:net';

const peers = new WeakMap<Socket, string>();

/** For the server's 'connection' event. */
export function rememberPeer(socket: Socket): void {
  const address = socket.remoteAddress;
  if (address !== undefined) peers.set(socket, address);
}

/** The address `socket` had when it was accepted; undefined for a socket the server did not see accepted. */
export function acceptedPeer(socket: Socket): string | undefined {
  return peers.get(socket);
}
