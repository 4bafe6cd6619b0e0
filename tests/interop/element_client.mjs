// A staff member's client on Element's crypto stack (matrix-js-sdk with Rust crypto), driven
// by a test over JSON lines. It logs in and sets up cross-signing as Element does at login,
// joins every room it is invited to (pages arrive in DMs MACT creates), and reports on stdout
// every message it receives, as decrypted and as it judges the sending device:
//
//   node element_client.mjs '{"homeserver": …, "userId": …, "password": …,
//                             "mode": "only-signed" | "never-unverified"}'
//
// "only-signed" is MSC4153's "exclude insecure devices" (OnlySignedDevicesIsolationMode);
// "never-unverified" is Element's "never send encrypted messages to unverified sessions",
// which withholds room keys from every device its user has not verified, MACT's included.
//
// stdin, one JSON object per line:  {"id": n, "op": "join", "roomId": …}
//                                   {"id": n, "op": "send", "roomId": …, "body": …}
//                                   {"id": n, "op": "react", "roomId": …, "eventId": …, "key": …}
//                                   {"op": "stop"}
// stdout, one JSON object per line, each with a "type": ready, done (with the request's id),
// message, failed. Anything else on stdout (the Rust layer's logs) has no "type" key.

import * as readline from "node:readline";
import * as sdk from "matrix-js-sdk";
import {
  AllDevicesIsolationMode,
  OnlySignedDevicesIsolationMode,
} from "matrix-js-sdk/lib/crypto-api/index.js";
import { logger } from "matrix-js-sdk/lib/logger.js";

logger.setLevel("silent");

const args = JSON.parse(process.argv[2]);

function report(record) {
  process.stdout.write(JSON.stringify(record) + "\n");
}

const login = sdk.createClient({ baseUrl: args.homeserver });
const session = await login.login("m.login.password", {
  identifier: { type: "m.id.user", user: args.userId },
  password: args.password,
  initial_device_display_name: "interop (js-sdk, Rust crypto)",
});

const client = sdk.createClient({
  baseUrl: args.homeserver,
  userId: session.user_id,
  deviceId: session.device_id,
  accessToken: session.access_token,
});
await client.initRustCrypto({ useIndexedDB: false });
const crypto = client.getCrypto();
await crypto.bootstrapCrossSigning({
  authUploadDeviceSigningKeys: async (makeRequest) => {
    await makeRequest({
      type: "m.login.password",
      identifier: { type: "m.id.user", user: args.userId },
      password: args.password,
    });
  },
});
if (args.mode === "never-unverified") {
  crypto.setDeviceIsolationMode(new AllDevicesIsolationMode(false));
  crypto.globalBlacklistUnverifiedDevices = true;
} else {
  crypto.setDeviceIsolationMode(new OnlySignedDevicesIsolationMode());
}

// ---- what arrives ------------------------------------------------------------------------

const reported = new Set();

async function onEvent(event) {
  if (event.getSender() === session.user_id) return;
  // Relations travel in the clear beside the ciphertext: wait for the decrypted content.
  if (event.isEncrypted() && event.getClearContent() === null && !event.isDecryptionFailure()) {
    return;
  }
  if (event.getType() !== "m.room.message") return;
  const failed = event.isDecryptionFailure();
  const key = `${event.getId()} ${failed}`;
  if (reported.has(key)) return;
  reported.add(key);
  const content = event.getContent();
  // A relation is sent in the clear beside the ciphertext (and may be inside it too).
  const relation = event.getWireContent()["m.relates_to"] ?? content["m.relates_to"] ?? {};
  const info = event.isEncrypted() ? await crypto.getEncryptionInfoForEvent(event) : null;
  report({
    type: "message",
    roomId: event.getRoomId(),
    eventId: event.getId(),
    sender: event.getSender(),
    body: content.body ?? null,
    encrypted: event.isEncrypted(),
    decryptionFailure: failed,
    replyTo: relation["m.in_reply_to"]?.event_id ?? null,
    relType: relation.rel_type ?? null,
    relEventId: relation.event_id ?? null,
    shieldColour: info?.shieldColour ?? null,
    shieldReason: info?.shieldReason ?? null,
  });
}

client.on(sdk.RoomEvent.Timeline, (event) => onEvent(event));
client.on(sdk.MatrixEventEvent.Decrypted, (event) => onEvent(event));

const joining = new Set();
function joinIfInvited(room) {
  if (room.getMyMembership() === "invite" && !joining.has(room.roomId)) {
    joining.add(room.roomId);
    client.joinRoom(room.roomId).catch((e) => report({ type: "failed", why: String(e) }));
  }
}
client.on(sdk.ClientEvent.Room, (room) => joinIfInvited(room));
client.on(sdk.RoomEvent.MyMembership, (room) => joinIfInvited(room));

const prepared = new Promise((resolve) => {
  client.on(sdk.ClientEvent.Sync, (state) => {
    if (state === "PREPARED") resolve();
  });
});
await client.startClient({ initialSyncLimit: 20 });
await prepared;
for (const room of client.getRooms()) joinIfInvited(room);
report({ type: "ready", deviceId: session.device_id });

// ---- what the test asks ------------------------------------------------------------------

async function encryptionReady(roomId) {
  // Sending needs the room's encryption settings, which arrive with the next syncs.
  while (!(await crypto.isEncryptionEnabledInRoom(roomId))) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function encryptedReaction(roomId, eventId, key) {
  // js-sdk never encrypts reactions; Element X does. Encrypt it as Element X sends it.
  const room = client.getRoom(roomId);
  const reaction = new sdk.MatrixEvent({
    type: "m.reaction",
    room_id: roomId,
    sender: session.user_id,
    content: { "m.relates_to": { rel_type: "m.annotation", event_id: eventId, key } },
  });
  await client.cryptoBackend.encryptEvent(reaction, room);
  return client.sendEvent(roomId, "m.room.encrypted", reaction.getWireContent());
}

const ops = {
  join: async (r) => {
    await client.joinRoom(r.roomId);
    await encryptionReady(r.roomId);
    return {};
  },
  send: async (r) => {
    await encryptionReady(r.roomId);
    const sent = await client.sendMessage(r.roomId, { msgtype: "m.text", body: r.body });
    return { eventId: sent.event_id };
  },
  react: async (r) => {
    await encryptionReady(r.roomId);
    const sent = await encryptedReaction(r.roomId, r.eventId, r.key);
    // As the homeserver stored it: what every other party sees.
    const stored = await client.fetchRoomEvent(r.roomId, sent.event_id);
    return { eventId: sent.event_id, storedType: stored.type };
  },
};

const input = readline.createInterface({ input: process.stdin });
for await (const line of input) {
  const request = JSON.parse(line);
  if (request.op === "stop") break;
  try {
    report({ type: "done", id: request.id, ...(await ops[request.op](request)) });
  } catch (e) {
    report({ type: "done", id: request.id, error: String(e) });
  }
}
client.stopClient();
process.exit(0);
