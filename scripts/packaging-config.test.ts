/**
 * The packaging configuration must harden the Electron binary with its fuses. Read through
 * electron-builder's own configuration loader (so the file, and any `build` key in package.json,
 * are seen exactly as `npm run package` sees them), then written by the same code electron-builder
 * runs after packing onto a stand-in binary that carries Electron's fuse wire, and read back.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { FuseV1Options, getCurrentFuseWire, flipFuses, type FuseConfig } from '@electron/fuses'
// The wire's byte values and marker are not re-exported from the package's entry point.
import { FuseState, SENTINEL } from '@electron/fuses/dist/constants'
import { PlatformPackager, type Configuration, type FuseOptionsV1 } from 'app-builder-lib'
import { getConfig } from 'app-builder-lib/out/util/config/config'
import { describe, expect, it } from 'vitest'

const repoRoot = fileURLToPath(new URL('../', import.meta.url))

/** Every fuse and the state a packaged Switchboard must have. */
const requiredFuses = {
  runAsNode: false,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableCookieEncryption: true,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
} satisfies FuseOptionsV1

async function packagingConfig(): Promise<Configuration> {
  const packageJson = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as Record<string, unknown>
  return getConfig(repoRoot, null, null, { value: Promise.resolve(packageJson) } as never)
}

/**
 * electron-builder's translation of `electronFuses` into @electron/fuses' wire config. It is a
 * private method that uses no instance state; calling it keeps this test on the real mapping.
 */
async function fuseConfigFor(fuses: FuseOptionsV1): Promise<FuseConfig> {
  const generate = (PlatformPackager.prototype as unknown as { generateFuseConfig(f: FuseOptionsV1): Promise<FuseConfig> }).generateFuseConfig
  return generate.call(null, fuses)
}

/** A file holding Electron's fuse sentinel and a version-1 wire in Electron's shipped defaults. */
function standInElectronBinary(): string {
  const { ENABLE, DISABLE } = FuseState
  // Electron's defaults: RunAsNode on, cookie encryption off, NODE_OPTIONS on, inspect on,
  // asar integrity off, only-asar off, browser snapshot off, file:// privileges on.
  const wire = [ENABLE, DISABLE, ENABLE, ENABLE, DISABLE, DISABLE, DISABLE, ENABLE]
  const bytes = Buffer.concat([
    Buffer.from('\x7fELF…machine code before the wire…'),
    Buffer.from(SENTINEL),
    Buffer.from([1, wire.length, ...wire]),
    Buffer.from('…and after it'),
  ])
  const path = join(mkdtempSync(join(tmpdir(), 'fuses-')), 'electron')
  writeFileSync(path, bytes)
  return path
}

describe('packaging configuration', () => {
  it('packs the app into an asar archive', async () => {
    const config = await packagingConfig()
    expect(config.asar ?? true).not.toBe(false)
  })

  it.each(Object.entries(requiredFuses))('sets the %s fuse to %s', async (fuse, state) => {
    const config = await packagingConfig()
    expect(config.electronFuses?.[fuse as keyof FuseOptionsV1]).toBe(state)
  })

  it('is flipped into the binary as required, by the code electron-builder runs after packing', async () => {
    const config = await packagingConfig()
    const binary = standInElectronBinary()
    await flipFuses(binary, await fuseConfigFor(config.electronFuses!))
    const wire = await getCurrentFuseWire(binary)
    const expected = {
      [FuseV1Options.RunAsNode]: requiredFuses.runAsNode,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: requiredFuses.enableNodeOptionsEnvironmentVariable,
      [FuseV1Options.EnableNodeCliInspectArguments]: requiredFuses.enableNodeCliInspectArguments,
      [FuseV1Options.EnableCookieEncryption]: requiredFuses.enableCookieEncryption,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: requiredFuses.enableEmbeddedAsarIntegrityValidation,
      [FuseV1Options.OnlyLoadAppFromAsar]: requiredFuses.onlyLoadAppFromAsar,
    }
    for (const [index, enabled] of Object.entries(expected)) {
      expect({ fuse: FuseV1Options[Number(index)], state: wire[Number(index) as FuseV1Options] }).toEqual({
        fuse: FuseV1Options[Number(index)],
        state: enabled ? FuseState.ENABLE : FuseState.DISABLE,
      })
    }
  })
})
