package dev.fang.training.model;

/** LightGBM failed while training or predicting. */
public class TrainingException extends RuntimeException {
    public TrainingException(String message, Throwable cause) {
        super(message + ": " + cause.getMessage(), cause);
    }
}
