import { views } from '../../app/views'
import { ViewFrame } from '../../components/ViewFrame'

export function SettingsView() {
  return <ViewFrame view={views.settings} />
}
