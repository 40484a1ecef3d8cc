import { MongoCommandError } from '../errors';

type Doc = Record<string, unknown>;

/** What a connection does instead of running a command the `failCommand` fail point caught. */
export type FailAction = { kind: 'close' } | { kind: 'error'; reply: Doc };

interface FailCommandState {
  /** Commands it applies to (lower-cased). */
  commands: Set<string>;
  errorCode?: number;
  errorLabels?: unknown[];
  closeConnection: boolean;
  /** 'always' | remaining activations | matches still to let through before activating forever. */
  mode: { kind: 'always' } | { kind: 'times'; left: number } | { kind: 'skip'; left: number };
}

// Commands the fail point never touches, as in mongod: otherwise a test could not turn it off.
const EXEMPT = new Set(['configurefailpoint', 'hello', 'ismaster', 'ping', 'buildinfo', 'endsessions']);

/**
 * mongod's `failCommand` fail point, for tests that inject database faults (only with
 * `enableTestCommands`): matching commands fail with `errorCode`, or the connection is closed
 * without a reply; `times: n` activates it for the next n matches, `skip: n` after n matches.
 */
export class FailPoints {
  private failCommand: FailCommandState | null = null;
  private entered = 0;

  /** Runs `configureFailPoint`; returns mongod's reply (`count`: times it was entered before). */
  configure(cmd: Doc): Doc {
    const name = cmd.configureFailPoint;
    if (name !== 'failCommand') {
      throw new MongoCommandError(
        2,
        `Cannot find failpoint ${String(name)} (embedded-mongo knows failCommand)`,
      );
    }
    const count = this.entered;
    const mode = cmd.mode;
    if (mode === 'off') {
      this.failCommand = null;
      this.entered = 0;
      return { count, ok: 1 };
    }
    const data = (cmd.data ?? {}) as Doc;
    // appName filtering is not implemented: refuse it rather than fail every client's commands.
    if (data.appName !== undefined)
      throw new MongoCommandError(2, 'failCommand appName is not supported by embedded-mongo');
    if (!Array.isArray(data.failCommands) || data.failCommands.length === 0) {
      throw new MongoCommandError(2, "'failCommands' must be a non-empty array of command names");
    }
    let parsed: FailCommandState['mode'];
    if (mode === 'alwaysOn') parsed = { kind: 'always' };
    else if (mode && typeof mode === 'object' && 'times' in mode) {
      parsed = { kind: 'times', left: Number((mode as Doc).times) };
    } else if (mode && typeof mode === 'object' && 'skip' in mode) {
      parsed = { kind: 'skip', left: Number((mode as Doc).skip) };
    } else throw new MongoCommandError(2, `unsupported fail point mode: ${JSON.stringify(mode)}`);
    if (data.errorCode === undefined && data.closeConnection !== true) {
      throw new MongoCommandError(2, "failCommand needs 'errorCode' or 'closeConnection: true'");
    }
    this.failCommand = {
      commands: new Set(data.failCommands.map((c) => String(c).toLowerCase())),
      errorCode: data.errorCode === undefined ? undefined : Number(data.errorCode),
      errorLabels: Array.isArray(data.errorLabels) ? data.errorLabels : undefined,
      closeConnection: data.closeConnection === true,
      mode: parsed,
    };
    this.entered = 0;
    return { count, ok: 1 };
  }

  /** The fault to inject for this command, or null to run it normally. */
  check(commandName: string): FailAction | null {
    const fp = this.failCommand;
    const name = commandName.toLowerCase();
    if (!fp || EXEMPT.has(name) || !fp.commands.has(name)) return null;
    if (fp.mode.kind === 'skip' && fp.mode.left > 0) {
      fp.mode.left--;
      return null;
    }
    if (fp.mode.kind === 'times') {
      if (fp.mode.left <= 0) return null;
      fp.mode.left--;
      if (fp.mode.left === 0) this.failCommand = null;
    }
    this.entered++;
    if (fp.closeConnection) return { kind: 'close' };
    const code = fp.errorCode ?? 1;
    const err = new MongoCommandError(code, "Failing command via 'failCommand' failpoint");
    const reply: Doc = { ok: 0, errmsg: err.message, code, codeName: err.codeName };
    if (fp.errorLabels) reply.errorLabels = fp.errorLabels;
    return { kind: 'error', reply };
  }
}
