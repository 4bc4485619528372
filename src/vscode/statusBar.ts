import * as vscode from 'vscode';

export type RecordingState = 'on' | 'paused' | 'off' | 'restricted' | 'error';

const LOOK: Record<RecordingState, { icon: string; text: string; tooltip: string }> = {
  on: {
    icon: '$(record)',
    text: 'Recording',
    tooltip: 'Skillwright is recording agent sessions in this workspace. Click to pause.',
  },
  paused: { icon: '$(debug-pause)', text: 'Paused', tooltip: 'Skillwright recording is paused. Click to resume.' },
  off: { icon: '$(circle-slash)', text: 'Off', tooltip: 'Recording is turned off by skillwright.capture.enabled.' },
  restricted: {
    icon: '$(shield)',
    text: 'Restricted',
    tooltip: 'Restricted Mode: Skillwright shows skills but records nothing and delivers nothing to agents.',
  },
  error: {
    icon: '$(warning)',
    text: 'Not recording',
    tooltip: 'Skillwright cannot write its store. Click to see the log.',
  },
};

/** One status-bar item: the recording state and the number of suggestions waiting for review. */
export class SkillwrightStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('skillwright.status', vscode.StatusBarAlignment.Left, 20);
  private state: RecordingState = 'on';
  private pending = 0;
  private detail = '';

  constructor() {
    this.item.name = 'Skillwright';
    this.render();
    this.item.show();
  }

  setState(state: RecordingState, detail = ''): void {
    this.state = state;
    this.detail = detail;
    this.render();
  }

  setPending(count: number): void {
    this.pending = count;
    this.render();
  }

  private render(): void {
    const look = LOOK[this.state];
    const suggestions = this.pending ? `  $(lightbulb) ${this.pending}` : '';
    this.item.text = `${look.icon} ${look.text}${suggestions}`;
    this.item.tooltip = [
      look.tooltip,
      this.detail,
      this.pending ? `${this.pending} suggestion(s) waiting for review.` : '',
    ]
      .filter(Boolean)
      .join('\n');
    this.item.command =
      this.state === 'error'
        ? 'skillwright.showLog'
        : this.state === 'on' || this.state === 'paused'
          ? 'skillwright.toggleRecording'
          : undefined;
    this.item.backgroundColor =
      this.state === 'error' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.accessibilityInformation = {
      label: `Skillwright: ${look.text}${this.pending ? `, ${this.pending} suggestions` : ''}`,
    };
  }

  dispose(): void {
    this.item.dispose();
  }
}
