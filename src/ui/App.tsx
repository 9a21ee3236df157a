import "./styles/theme.css";
import "./styles/app.css";
import "./styles/graph.css";
import "./styles/workspace.css";
import { Header } from "./Header";
import { useShortcuts } from "./useShortcuts";
import { Workspace } from "./Workspace";

export function App() {
  useShortcuts();
  return (
    <div className="app">
      <Header />
      <Workspace />
    </div>
  );
}
