import type { AppState } from "./store";

/** Module-scope selectors: stable identities, so components re-render only when their slice changes. */
export const selectYaml = (s: AppState) => s.yaml;
export const selectFileName = (s: AppState) => s.fileName;
export const selectRevision = (s: AppState) => s.revision;
export const selectSetYaml = (s: AppState) => s.setYaml;
export const selectScenarioId = (s: AppState) => s.scenarioId;
export const selectLoadScenario = (s: AppState) => s.loadScenario;
export const selectReveal = (s: AppState) => s.reveal;
export const selectRevealLine = (s: AppState) => s.revealLine;
export const selectCluster = (s: AppState) => s.analysis.cluster;
export const selectDiagnostics = (s: AppState) => s.analysis.diagnostics;
export const selectLayout = (s: AppState) => s.layout;
export const selectEdges = (s: AppState) => s.edges;
export const selectFrom = (s: AppState) => s.from;
export const selectUrl = (s: AppState) => s.url;
export const selectSetFrom = (s: AppState) => s.setFrom;
export const selectSetUrl = (s: AppState) => s.setUrl;
export const selectHeaders = (s: AppState) => s.headers;
export const selectSetHeaders = (s: AppState) => s.setHeaders;
export const selectSend = (s: AppState) => s.send;
export const selectSendBurst = (s: AppState) => s.sendBurst;
export const selectTraffic = (s: AppState) => s.traffic;
export const selectSent = (s: AppState) => s.sent;
export const selectRequestError = (s: AppState) => s.requestError;
export const selectPlayhead = (s: AppState) => s.playhead;
export const selectSetPlayhead = (s: AppState) => s.setPlayhead;
export const selectTogglePlay = (s: AppState) => s.togglePlay;
export const selectStep = (s: AppState) => s.step;
export const selectSeek = (s: AppState) => s.seek;
export const selectSpeed = (s: AppState) => s.speed;
export const selectSetSpeed = (s: AppState) => s.setSpeed;
export const selectPlaying = (s: AppState) => s.sent?.clock.playing ?? false;
export const selectSelected = (s: AppState) => s.selected;
export const selectSelect = (s: AppState) => s.select;
export const selectSelectedExtent = (s: AppState) => s.selectedExtent;
export const selectAnalysis = (s: AppState) => s.analysis;

/** The editor line that decided the hop being played, when that hop's YAML is in the editor. */
export const selectDecidingLine = (s: AppState): number | null => {
  const source = s.sent?.trace.hops[s.playhead]?.source;
  return source && source.file === s.fileName ? source.line : null;
};
export const selectPanel = (s: AppState) => s.panel;
export const selectSetPanel = (s: AppState) => s.setPanel;
export const selectView = (s: AppState) => s.view;
export const selectSetView = (s: AppState) => s.setView;
export const selectLoadRunning = (s: AppState) => s.loadRunning;
export const selectLoadRate = (s: AppState) => s.loadRate;
export const selectToggleLoad = (s: AppState) => s.toggleLoad;
export const selectSetLoadRate = (s: AppState) => s.setLoadRate;
export const selectPlayer = (s: AppState) => s.player;
export const selectBurstNonce = (s: AppState) => s.burstNonce;
export const selectEdgeCounts = (s: AppState) => s.edgeCounts;
