package io.salesvelocity.it.containers;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.testcontainers.DockerClientFactory;

/**
 * Evaluated before Testcontainers starts a class's containers: a Docker engine that answers, and every image of
 * {@link RequiresImages} present or pulled. A pull that fails (no registry reachable, an image that does not exist)
 * disables the class with Docker's own message instead of failing it after Testcontainers' retries.
 */
final class RequiresImagesCondition implements ExecutionCondition {
  private static final long PULL_SECONDS = 300;

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    var annotation = AnnotationSupport.findAnnotation(context.getElement(), RequiresImages.class);
    if (annotation.isEmpty()) {
      return ConditionEvaluationResult.enabled("no images required");
    }
    if (!DockerClientFactory.instance().isDockerAvailable()) {
      return ConditionEvaluationResult.disabled("no Docker engine answers here");
    }
    DockerClient docker;
    try {
      docker = DockerClientFactory.instance().client();
    } catch (RuntimeException e) {
      // e.g. its resource reaper's image cannot be pulled: TESTCONTAINERS_RYUK_DISABLED=true (docs/docker.md)
      return ConditionEvaluationResult.disabled("Testcontainers cannot start here: " + e.getMessage());
    }
    for (String spec : annotation.get().value()) {
      String image = ContainerImages.resolve(spec);
      String missing = missing(docker, image);
      if (missing != null) {
        return ConditionEvaluationResult.disabled("image " + image + " cannot be had here: " + missing);
      }
    }
    return ConditionEvaluationResult.enabled("every image is here");
  }

  /** Null once the image is here (pulled if it was not); else why it is not. */
  private static String missing(DockerClient docker, String image) {
    try {
      docker.inspectImageCmd(image).exec();
      return null;
    } catch (NotFoundException notHere) {
      try {
        if (!docker.pullImageCmd(image).start().awaitCompletion(PULL_SECONDS, TimeUnit.SECONDS)) {
          return "not here, and no pull finished within " + PULL_SECONDS + " s";
        }
        return null;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return "interrupted while pulling";
      } catch (RuntimeException e) {
        return "not here, and the pull failed: " + e.getMessage();
      }
    }
  }
}
