export function App() {
  return <main>Hopscope</main>;
}
