import { describe, expect, it, vi } from 'vitest';
import { KeyByKeyStdin } from '../../../src/ui/input/key-by-key-stdin.js';
import { FakeTtyInput } from '../terminal.js';

/** Reads keys from the feeder as Ink does: on 'readable', read() until null. */
function inkReader(feed: KeyByKeyStdin) {
  const got: string[] = [];
  const onReadable = () => {
    let key;
    while ((key = feed.read()) !== null) got.push(key);
  };
  feed.on('readable', onReadable);
  return { got, stop: () => feed.off('readable', onReadable) };
}

const turn = () => new Promise((r) => setImmediate(r));

describe('the key feeder', () => {
  it('holds a key typed while a new frame’s handlers are not bound, and hands it over once they are', async () => {
    const tty = new FakeTtyInput();
    const feed = new KeyByKeyStdin(tty);
    const ink = inkReader(feed);
    await new Promise((r) => setTimeout(r, 25)); // long after any earlier key
    feed.rendered(); // two components drew a frame
    feed.rendered();
    tty.write('j');
    await turn();
    expect(ink.got).toEqual([]);
    feed.bound();
    await turn();
    expect(ink.got).toEqual([]); // one handler still unbound
    feed.bound();
    await vi.waitFor(() => expect(ink.got).toEqual(['j']));
    ink.stop();
  });

  it('asks the app to settle between keys of one read, and goes on only at the report it asked for', async () => {
    const tty = new FakeTtyInput();
    const feed = new KeyByKeyStdin(tty);
    const settle = vi.fn();
    feed.settle = settle;
    const ink = inkReader(feed);
    tty.write('abc');
    expect(ink.got).toEqual(['a']);
    expect(settle).toHaveBeenCalledTimes(1);
    feed.settled(0); // an older report: not the one asked for
    await turn();
    await turn();
    expect(ink.got).toEqual(['a']);
    feed.settled(1);
    await vi.waitFor(() => expect(ink.got).toEqual(['a', 'b']));
    feed.settled(2);
    await vi.waitFor(() => expect(ink.got).toEqual(['a', 'b', 'c']));
    expect(feed.pending).toBe(0);
    ink.stop();
  });

  it('never waits without bound: an app that does not report still gets every key', async () => {
    const tty = new FakeTtyInput();
    const feed = new KeyByKeyStdin(tty);
    feed.settle = () => {}; // never reports
    feed.rendered(); // and never binds
    const ink = inkReader(feed);
    tty.write('xy');
    await vi.waitFor(() => expect(ink.got).toEqual(['x', 'y']), { timeout: 3000 });
    ink.stop();
  });

  it('stops reading the terminal and drops its timers when Ink lets go of it', async () => {
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout' || r === 'Immediate').length;
    const before = timers();
    const tty = new FakeTtyInput();
    const feed = new KeyByKeyStdin(tty);
    feed.settle = () => {};
    const ink = inkReader(feed);
    expect(tty.listenerCount('readable')).toBe(1);
    tty.write('abc');
    ink.stop();
    expect(tty.listenerCount('readable')).toBe(0);
    expect(feed.pending).toBe(0);
    expect(timers()).toBe(before);
  });
});

describe('the key feeder and odd input', () => {
  it('joins an escape sequence split across two reads, and drops Ctrl-modified sequences Ink would throw on', async () => {
    const tty = new FakeTtyInput();
    const feed = new KeyByKeyStdin(tty);
    const ink = inkReader(feed);
    tty.write('\u001B[');
    tty.write('Bj');
    tty.write('\u001B[1;');
    tty.write('5jk');
    tty.write('\u001B[1;5A\u001B[99;5~x');
    await vi.waitFor(() => expect(ink.got).toEqual(['\u001B[B', 'j', 'k', 'x']));
    ink.stop();
  });

  it('drops the start of a sequence whose rest never comes', async () => {
    const tty = new FakeTtyInput();
    const feed = new KeyByKeyStdin(tty);
    const ink = inkReader(feed);
    tty.write('a\u001B[1;');
    await new Promise((r) => setTimeout(r, 150));
    tty.write('5j');
    await vi.waitFor(() => expect(ink.got).toEqual(['a', '5', 'j']));
    ink.stop();
  });
});
