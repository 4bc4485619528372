import * as vscode from 'vscode';
import {
  type ChatModel,
  ChatModelError,
  type SendableChatRequest,
  type ChatResponse,
  estimateTokens,
} from '../../core/llm/chatModel';
import { errorMessage } from '../../core/util/errorMessage';

/**
 * ChatModel over VS Code's Language Model API, so a Copilot user can distill with no key. The
 * first request may show VS Code's consent prompt; a refusal becomes a permanent `refused` error
 * for the run rather than being retried.
 */
export class VscodeLmChatModel implements ChatModel {
  private constructor(
    private readonly model: vscode.LanguageModelChat,
    private readonly justification: string,
  ) {}

  get id(): string {
    return `vscode:${this.model.vendor}/${this.model.family}`;
  }

  /** Picks the first chat model of the family (any family when empty); undefined when none exist. */
  static async select(family: string, justification: string): Promise<VscodeLmChatModel | undefined> {
    const models = await vscode.lm.selectChatModels(family ? { family } : {});
    const model = models[0];
    return model ? new VscodeLmChatModel(model, justification) : undefined;
  }

  async complete(request: SendableChatRequest): Promise<ChatResponse> {
    const cancellation = new vscode.CancellationTokenSource();
    const abort = (): void => cancellation.cancel();
    request.signal?.addEventListener('abort', abort, { once: true });
    const timer = request.timeoutMs ? setTimeout(abort, request.timeoutMs) : undefined;
    // The LM API has no system role; system text goes first as a user message, marked as such.
    const messages = request.messages.map((message) =>
      message.role === 'assistant'
        ? vscode.LanguageModelChatMessage.Assistant(message.content)
        : vscode.LanguageModelChatMessage.User(
            message.role === 'system' ? `[Instructions]\n${message.content}` : message.content,
          ),
    );
    try {
      const response = await this.model.sendRequest(
        messages,
        { justification: this.justification },
        cancellation.token,
      );
      let text = '';
      for await (const fragment of response.text) text += fragment;
      const prompt = request.messages.map((message) => message.content).join('\n');
      return { text, usage: { input: estimateTokens(prompt), output: estimateTokens(text) } };
    } catch (error) {
      if (request.signal?.aborted) throw new ChatModelError('cancelled', 'The request was cancelled.');
      if (cancellation.token.isCancellationRequested)
        throw new ChatModelError('timeout', `No answer within ${request.timeoutMs} ms.`);
      throw toChatModelError(error);
    } finally {
      if (timer) clearTimeout(timer);
      request.signal?.removeEventListener('abort', abort);
      cancellation.dispose();
    }
  }
}

function toChatModelError(error: unknown): ChatModelError {
  const message = errorMessage(error);
  if (error instanceof vscode.LanguageModelError) {
    if (error.code === vscode.LanguageModelError.NoPermissions.name)
      return new ChatModelError('refused', `Permission to use the model was not given: ${message}`, { cause: error });
    if (error.code === vscode.LanguageModelError.Blocked.name)
      return new ChatModelError('rate-limited', `The model is temporarily blocked: ${message}`, { cause: error });
    if (error.code === vscode.LanguageModelError.NotFound.name)
      return new ChatModelError('unavailable', `The model is not available: ${message}`, { cause: error });
  }
  return new ChatModelError('server', message, { cause: error });
}
