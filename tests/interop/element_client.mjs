// A staff member's client on Element's crypto stack (matrix-js-sdk with Rust crypto), in
// "exclude insecure devices" mode (MSC4153): it sets up cross-signing as Element does at
// login, joins the coordination room, sends one command and reports, as one JSON line on
// stdout, what it decrypted of MACT's reply and how it judges the device that sent it.
//
//   node element_client.mjs '{"homeserver": …, "userId": …, "password": …, "roomId": …,
//                             "command": "!ping", "timeoutMs": 30000}'

import * as sdk from "matrix-js-sdk";
import { OnlySignedDevicesIsolationMode } from "matrix-js-sdk/lib/crypto-api/index.js";
import { logger } from "matrix-js-sdk/lib/logger.js";

logger.setLevel("silent");

const args = JSON.parse(process.argv[2]);

function fail(why) {
  process.stdout.write(JSON.stringify({ error: why }) + "\n");
  process.exit(2);
}

const timer = setTimeout(() => fail("timed out"), args.timeoutMs ?? 30000);

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
crypto.setDeviceIsolationMode(new OnlySignedDevicesIsolationMode());

const prepared = new Promise((resolve) => {
  client.on(sdk.ClientEvent.Sync, (state) => {
    if (state === "PREPARED") resolve();
  });
});
await client.startClient({ initialSyncLimit: 1 });
await prepared;
await client.joinRoom(args.roomId);
// Sending needs the room's encryption settings, which arrive with the next syncs.
while (!(await crypto.isEncryptionEnabledInRoom(args.roomId))) {
  await new Promise((resolve) => setTimeout(resolve, 100));
}

let sentId = null;
const early = [];
let check = null;
const replied = new Promise((resolve) => {
  check = async (event) => {
    if (sentId === null) {
      early.push(event); // the reply may be synced before our send returns
      return;
    }
    if (event.getRoomId() !== args.roomId) return;
    // Relations travel in the clear beside the ciphertext: wait for the decrypted content.
    if (event.isEncrypted() && event.getClearContent() === null && !event.isDecryptionFailure()) {
      return;
    }
    const content = event.getContent();
    const replyTo = content["m.relates_to"]?.["m.in_reply_to"]?.event_id;
    if (replyTo !== sentId) return;
    const info = await crypto.getEncryptionInfoForEvent(event);
    resolve({
      body: content.body,
      decryptionFailure: event.isDecryptionFailure(),
      shieldColour: info?.shieldColour,
      shieldReason: info?.shieldReason ?? null,
    });
  };
  client.on(sdk.RoomEvent.Timeline, (event) => check(event));
  client.on(sdk.MatrixEventEvent.Decrypted, (event) => check(event));
});

const sent = await client.sendMessage(args.roomId, { msgtype: "m.text", body: args.command });
sentId = sent.event_id;
for (const event of early) await check(event);
const reply = await replied;
clearTimeout(timer);
process.stdout.write(JSON.stringify({ sent: sentId, ...reply }) + "\n");
client.stopClient();
process.exit(0);
