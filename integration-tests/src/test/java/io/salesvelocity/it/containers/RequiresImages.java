package io.salesvelocity.it.containers;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class that runs on these container images: skipped, with the reason, where no Docker engine answers or an
 * image is neither here nor can be pulled; run wherever they can be had. Each entry is an image name, or
 * {@code ${property:default}} for a name a system property may set ({@link ContainerImages}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiresImagesCondition.class)
public @interface RequiresImages {
  String[] value();
}
