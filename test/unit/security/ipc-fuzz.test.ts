// Property-based fuzzing of the Electron transport: every generated message goes through the real
// `handleRequest` (sender check + dispatch + schema) into the real handlers, wrapped with spies.
// FUZZ_RUNS sets the runs per property (npm run fuzz: 10 000).
import fc from 'fast-check';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { checkRequest, requestSchemas } from '../../../src/shared/schema';
import { type FrameLike, type WindowLike, handleRequest } from '../../../src/main/electron/ipc';
import {
  FUZZ_RUNS, expectRefusedBeforeHandler, expectTypedError, itFuzzes, VALID_PAYLOADS, anyRequest, assertUnpolluted, hostileValue, invalidPayload,
  ownProtoKeyPath, prototypeSnapshot, requestNameArb, spiedRealHandlers, unknownNameArb, UNDESCRIBED_REQUESTS, watchUnhandled, type SpiedHandlers,
} from './contract-arbitraries';

function fakeWindow(url: string): WindowLike & { frame: FrameLike } {
  const frame = { url };
  return {
    frame,
    isDestroyed: () => false,
    webContents: { mainFrame: frame, isDestroyed: () => false, getURL: () => frame.url, send: () => undefined },
  };
}

const ours = fakeWindow('app://workbench/index.html');
const windows = [ours];
const trusted = { senderFrame: ours.frame };

let spied: SpiedHandlers;
let protoBefore: string;
let unhandled: ReturnType<typeof watchUnhandled>;
beforeAll(() => {
  spied = spiedRealHandlers('electron');
  protoBefore = prototypeSnapshot();
  unhandled = watchUnhandled();
});
afterAll(() => {
  unhandled.stop();
  rmSync(spied.dataDir, { recursive: true, force: true });
});

describe(`IPC fuzzing through handleRequest (${FUZZ_RUNS} runs per property)`, () => {
  it('has a fuzz shape for every contract request', () => {
    // A new request needs a valid payload and its fields' kinds in contract-arbitraries.ts.
    expect(UNDESCRIBED_REQUESTS).toEqual([]);
  });

  itFuzzes('refuses a payload that is invalid by construction with invalid-payload, and never runs the handler', () => fc.asyncProperty(requestNameArb.chain((name) => invalidPayload(name).map((bad) => ({ name, ...bad }))), async ({ name, payload }) => {
    await expectRefusedBeforeHandler(spied, 'invalid-payload', () => handleRequest(trusted, { name, payload }, spied.handlers, windows));
  }));

  itFuzzes('refuses unknown request names (prototype members included) with unknown-request', () => fc.asyncProperty(unknownNameArb, hostileValue, async (name, payload) => {
    await expectRefusedBeforeHandler(spied, 'unknown-request', () => handleRequest(trusted, { name, payload }, spied.handlers, windows));
  }));

  itFuzzes('refuses a message that is not an {name, payload} object', () => fc.asyncProperty(hostileValue.filter((m) => typeof m !== 'object' || m === null || Array.isArray(m)), async (message) => {
    await expectRefusedBeforeHandler(spied, 'invalid-payload', () => handleRequest(trusted, message, spied.handlers, windows));
  }));

  itFuzzes('answers any message with an envelope; the handler runs exactly when the schema accepts, with the parsed payload', () => fc.asyncProperty(anyRequest, async ({ name, payload }) => {
    const before = spied.calls.length;
    const reply = await handleRequest(trusted, { name, payload }, spied.handlers, windows);
    const accepted = checkRequest(name, payload).ok;
    expect(spied.calls.length - before).toBe(accepted ? 1 : 0);
    if (!reply.ok) expectTypedError(reply);
    if (!accepted) return;
    const call = spied.calls[spied.calls.length - 1]!;
    expect(call.name).toBe(name);
    expect(v.safeParse(requestSchemas[call.name], call.payload).success).toBe(true);
    // What reaches a handler never carries a prototype-pollution key of its own, at any depth.
    expect(ownProtoKeyPath(call.payload)).toBeUndefined();
    // A handler may refuse, but never fall over: `internal` only for "no training here".
    if (!reply.ok && reply.error.code === 'internal') expect(reply.error.message).toBe('training is not available in this process');
  }));

  itFuzzes('refuses every request, even a valid one, from a sender that is not our main frame', () => {
    const strangers: Array<FrameLike | null> = [
      null,
      { url: 'app://workbench/index.html' }, // a sub-frame: same URL, not our main frame object
      fakeWindow('https://evil.example/').frame,
    ];
    const navigated = fakeWindow('app://workbench/index.html');
    return fc.asyncProperty(requestNameArb, fc.constantFrom(...strangers), fc.boolean(), async (name, frame, navigatedAway) => {
      (navigated.frame as { url: string }).url = navigatedAway ? 'https://evil.example/' : 'app://workbench/index.html';
      const sender = navigatedAway ? navigated.frame : frame;
      await expectRefusedBeforeHandler(spied, 'forbidden', () =>
        handleRequest({ senderFrame: sender }, { name, payload: structuredClone(VALID_PAYLOADS[name]) }, spied.handlers, [ours, navigated]));
    });
  });

  it('left Object.prototype unpolluted and no promise rejection unhandled', async () => {
    // Give stray rejections from the runs above a turn of the event loop to surface.
    await new Promise((r) => setTimeout(r, 20));
    assertUnpolluted(protoBefore);
    expect(unhandled.rejections).toEqual([]);
    expect(spied.calls.length).toBeGreaterThan(0);
  });
});
